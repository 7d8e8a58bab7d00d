using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.CprAed;

public sealed record IssuerResponse(string Name, bool Retired, DateTimeOffset? RetiredAt);

public sealed record IssuerChange(string Action, string Name, string? PreviousName, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record IssuerListResponse(IReadOnlyList<IssuerResponse> Issuers, IReadOnlyList<IssuerChange> History);

public sealed record ListStaffIssuersQuery : IQuery<IssuerListResponse>;

public sealed record AddIssuerCommand(string Name) : ICommand<IssuerListResponse>;

public sealed record RenameIssuerCommand(string Name, string NewName) : ICommand<IssuerListResponse>;

public sealed record RetireIssuerCommand(string Name, bool Retired) : ICommand<IssuerListResponse>;

public sealed class AddIssuerValidator : AbstractValidator<AddIssuerCommand>
{
    public AddIssuerValidator() => RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the issuer’s name.").MaximumLength(100);
}

public sealed class RenameIssuerValidator : AbstractValidator<RenameIssuerCommand>
{
    public RenameIssuerValidator() => RuleFor(c => c.NewName).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the issuer’s new name.").MaximumLength(100);
}

internal static class IssuerStore
{
    public const string Other = "other";

    public static string Clean(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static async Task<IssuerListResponse> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string sql = """
            select name, retired_at from cpr_aed_issuers order by retired_at is not null, sort_order, name;

            select c.action, c.name, c.previous_name, coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email) as changed_by, c.changed_at
            from cpr_aed_issuer_changes c join users u on u.id = c.changed_by
            order by c.id desc limit 100;
            """;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
        var issuers = (await results.ReadAsync<(string Name, DateTime? RetiredAt)>())
            .Select(i => new IssuerResponse(i.Name, i.RetiredAt is not null, Utc(i.RetiredAt))).ToList();
        var history = (await results.ReadAsync<(string Action, string Name, string? PreviousName, string ChangedBy, DateTime ChangedAt)>())
            .Select(h => new IssuerChange(h.Action, h.Name, h.PreviousName, h.ChangedBy, Utc(h.ChangedAt)!.Value)).ToList();
        return new IssuerListResponse(issuers, history);
    }

    public static async Task RecordAsync(DbSession db, string action, string name, string? previousName, Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = "insert into cpr_aed_issuer_changes (action, name, previous_name, changed_by, changed_at) values (@Action, @Name, @PreviousName, @UserId, @Now)";
        await db.Connection.ExecuteAsync(db.Command(sql, new { Action = action, Name = name, PreviousName = previousName, UserId = userId, Now = now.UtcDateTime }, cancellationToken));
    }

    public static async Task<string> FindForUpdateAsync(DbSession db, string name, CancellationToken cancellationToken)
    {
        const string sql = "select name from cpr_aed_issuers where lower(name) = lower(@Name) for update";
        var found = await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(sql, new { Name = Clean(name) }, cancellationToken))
            ?? throw new NotFoundException($"No CPR/AED issuer named '{name}' is listed.");
        if (found == Other)
        {
            throw new RuleViolationException("issuer.other-is-fixed", "'Other' is how trainers name an issuer that is not listed; it cannot be renamed or retired.");
        }

        return found;
    }

    public static async Task EnsureFreeAsync(DbSession db, string name, CancellationToken cancellationToken)
    {
        const string sql = "select exists (select 1 from cpr_aed_issuers where lower(name) = lower(@Name))";
        if (await db.Connection.ExecuteScalarAsync<bool>(db.Command(sql, new { Name = name }, cancellationToken)))
        {
            throw new ConflictException($"An issuer named '{name}' is already listed.", "issuer.exists");
        }
    }

    static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

internal sealed class ListStaffIssuersHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListStaffIssuersQuery, IssuerListResponse>
{
    public async Task<IssuerListResponse> Handle(ListStaffIssuersQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await IssuerStore.LoadAsync(connection, cancellationToken);
    }
}

internal sealed class AddIssuerHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<AddIssuerCommand, IssuerListResponse>
{
    public async Task<IssuerListResponse> Handle(AddIssuerCommand request, CancellationToken cancellationToken)
    {
        var name = IssuerStore.Clean(request.Name);
        await db.Connection.ExecuteAsync(db.Command("lock table cpr_aed_issuers in share row exclusive mode", null, cancellationToken));
        await IssuerStore.EnsureFreeAsync(db, name, cancellationToken);
        const string sql = "insert into cpr_aed_issuers (name, sort_order) values (@Name, coalesce((select max(sort_order) from cpr_aed_issuers where name <> 'other'), 0) + 1)";
        await db.Connection.ExecuteAsync(db.Command(sql, new { Name = name }, cancellationToken));
        await IssuerStore.RecordAsync(db, "added", name, null, currentUser.RequireId(), clock.Now, cancellationToken);
        return await IssuerStore.LoadAsync(db.Connection, cancellationToken, db.Transaction);
    }
}

internal sealed class RenameIssuerHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<RenameIssuerCommand, IssuerListResponse>
{
    public async Task<IssuerListResponse> Handle(RenameIssuerCommand request, CancellationToken cancellationToken)
    {
        await db.Connection.ExecuteAsync(db.Command("lock table cpr_aed_issuers in share row exclusive mode", null, cancellationToken));
        var current = await IssuerStore.FindForUpdateAsync(db, request.Name, cancellationToken);
        var newName = IssuerStore.Clean(request.NewName);
        if (!string.Equals(current, newName, StringComparison.OrdinalIgnoreCase))
        {
            await IssuerStore.EnsureFreeAsync(db, newName, cancellationToken);
        }

        await db.Connection.ExecuteAsync(db.Command("update cpr_aed_issuers set name = @NewName where name = @Name", new { NewName = newName, Name = current }, cancellationToken));
        await IssuerStore.RecordAsync(db, "renamed", newName, current, currentUser.RequireId(), clock.Now, cancellationToken);
        return await IssuerStore.LoadAsync(db.Connection, cancellationToken, db.Transaction);
    }
}

internal sealed class RetireIssuerHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock) : IRequestHandler<RetireIssuerCommand, IssuerListResponse>
{
    public async Task<IssuerListResponse> Handle(RetireIssuerCommand request, CancellationToken cancellationToken)
    {
        var current = await IssuerStore.FindForUpdateAsync(db, request.Name, cancellationToken);
        var now = clock.Now;
        const string sql = "update cpr_aed_issuers set retired_at = case when @Retired then coalesce(retired_at, @Now) else null end where name = @Name";
        await db.Connection.ExecuteAsync(db.Command(sql, new { request.Retired, Now = now.UtcDateTime, Name = current }, cancellationToken));
        await IssuerStore.RecordAsync(db, request.Retired ? "retired" : "restored", current, null, currentUser.RequireId(), now, cancellationToken);
        return await IssuerStore.LoadAsync(db.Connection, cancellationToken, db.Transaction);
    }
}
