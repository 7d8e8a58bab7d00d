-- Password reset links are account links like verification and claim links: one table, one way to issue and consume
-- them (AccountTokens). Links issued into the old table expire within the hour anyway.
alter table account_tokens drop constraint account_tokens_purpose_check;
alter table account_tokens add constraint account_tokens_purpose_check
    check (purpose in ('verify-email', 'change-email', 'claim', 'password-reset'));
drop table password_reset_tokens;
