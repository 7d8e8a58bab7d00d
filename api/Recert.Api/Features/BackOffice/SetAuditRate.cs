using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using Recert.Api.Features.Audits;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public sealed record AuditRateChange(decimal Rate, decimal PreviousRate, string ChangedBy, DateTimeOffset ChangedAt, string? Reason);

/// <summary>The rate in force: the latest staff change, or the configured rate until staff first set one.</summary>
public static class AuditRateStore
{
    public static async Task<decimal> CurrentAsync(DbSession db, AuditOptions options, CancellationToken cancellationToken)
    {
        const string sql = "select rate from audit_rate_changes order by id desc limit 1";
        return await db.Connection.QuerySingleOrDefaultAsync<decimal?>(db.Command(sql, null, cancellationToken)) ?? options.Rate;
    }

    public static async Task<(decimal Rate, string Source, IReadOnlyList<AuditRateChange> History)> LoadAsync(
        Npgsql.NpgsqlConnection connection, AuditOptions options, CancellationToken cancellationToken, Npgsql.NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select r.rate, r.previous_rate, coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email) as changed_by, r.changed_at, r.reason
            from audit_rate_changes r join users u on u.id = r.changed_by
            order by r.id desc
            limit 50
            """;
        var rows = (await connection.QueryAsync<(decimal Rate, decimal PreviousRate, string ChangedBy, DateTime ChangedAt, string? Reason)>(
            new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken))).ToList();
        var history = rows.Select(r => new AuditRateChange(r.Rate, r.PreviousRate, r.ChangedBy, new DateTimeOffset(DateTime.SpecifyKind(r.ChangedAt, DateTimeKind.Utc)), r.Reason)).ToList();
        return history.Count == 0 ? (options.Rate, "configuration", history) : (history[0].Rate, "staff", history);
    }
}

public sealed record SetAuditRateCommand(decimal? Rate, string? Reason) : ICommand<AuditRateResponse>;

public sealed class SetAuditRateValidator : AbstractValidator<SetAuditRateCommand>
{
    public SetAuditRateValidator()
    {
        RuleFor(c => c.Rate).NotNull().WithMessage("Enter the share of paid applications to audit, between 0 and 1 (0.10 is 10%).")
            .InclusiveBetween(0m, 1m).WithMessage("The audit rate is between 0 and 1 (0.10 is 10%).")
            .Must(r => r is null || decimal.Round(r.Value, 4) == r.Value).WithMessage("Use at most four decimals (0.1250 is 12.5%).");
        RuleFor(c => c.Reason).MaximumLength(500);
    }
}

internal sealed class SetAuditRateHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock, IOptions<AuditOptions> options)
    : IRequestHandler<SetAuditRateCommand, AuditRateResponse>
{
    public async Task<AuditRateResponse> Handle(SetAuditRateCommand request, CancellationToken cancellationToken)
    {
        // One change at a time, so "previous" is what the changer saw replaced.
        await db.Connection.ExecuteAsync(db.Command("lock table audit_rate_changes in share row exclusive mode", null, cancellationToken));
        var previous = await AuditRateStore.CurrentAsync(db, options.Value, cancellationToken);
        const string sql = """
            insert into audit_rate_changes (rate, previous_rate, changed_by, changed_at, reason)
            values (@Rate, @Previous, @UserId, @Now, @Reason)
            """;
        await db.Connection.ExecuteAsync(db.Command(sql, new
        {
            Rate = request.Rate!.Value,
            Previous = previous,
            UserId = currentUser.RequireId(),
            Now = clock.Now.UtcDateTime,
            Reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
        }, cancellationToken));
        return await AuditRateHandler.LoadAsync(db.Connection, options.Value, cancellationToken, db.Transaction);
    }
}
