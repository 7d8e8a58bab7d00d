-- Every run of a scheduled job, so "once per period across all instances" can be checked after the fact (operators,
-- bench/drills/cluster.sh), and each job's period next to its row, so a late job shows as late.
alter table jobs add column period interval;

create table job_runs (
    id bigint generated always as identity primary key,
    job_name text not null references jobs (name),
    holder text not null,
    started_at timestamptz not null,
    finished_at timestamptz,
    outcome text,
    error text
);
create index job_runs_by_job on job_runs (job_name, started_at);
