-- A card from an issuer outside the staff-managed list ('other') names its issuer, so staff can judge it in the audit.
alter table cpr_aed_cards add column issuer_name text;
