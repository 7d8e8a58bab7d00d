using System.Text.Json;
using Dapper;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Features.Certifications;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Applications;

public sealed record ApplicationResponse(
    Guid Id,
    string Number,
    RenewalPlan Plan,
    ApplicationStatus Status,
    SubmissionWindow Window,
    DateOnly ReceivedOn,
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    FeeQuoteResponse Fees,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ApplicationRow(
    Guid Id,
    Guid CertificationId,
    string Number,
    Guid? HolderUserId,
    string Plan,
    string Status,
    string SubmissionWindow,
    DateOnly ReceivedOn,
    DateOnly CycleStart,
    DateOnly ExpiresOn,
    string Fees,
    long TotalCents,
    string Currency,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    public ApplicationStatus StatusValue => EnumText.Parse<ApplicationStatus>(Status);

    public ApplicationResponse ToResponse() => new(
        Id,
        Number,
        EnumText.Parse<RenewalPlan>(Plan),
        StatusValue,
        EnumText.Parse<Domain.SubmissionWindow>(SubmissionWindow),
        ReceivedOn,
        CycleStart,
        ExpiresOn,
        new FeeQuoteResponse(JsonSerializer.Deserialize<List<FeeItemResponse>>(Fees, Json.Options)!, TotalCents, Currency),
        new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)));
}

public static class ApplicationStore
{
    const string Select = """
        select a.id, a.certification_id, c.number, c.user_id as holder_user_id, a.plan, a.status, a.submission_window,
               a.received_on, a.cycle_start, a.expires_on, a.fees::text as fees, a.total_cents, a.currency, a.created_at, a.updated_at
        from applications a join certifications c on c.id = a.certification_id
        """;

    /// <summary>The application if the current user holds its certification or is staff; otherwise 404.</summary>
    public static async Task<ApplicationRow> FindAccessibleAsync(
        NpgsqlConnection connection, Guid id, ICurrentUser currentUser, CancellationToken cancellationToken,
        NpgsqlTransaction? transaction = null, bool forUpdate = false)
    {
        var sql = Select + " where a.id = @Id" + (forUpdate ? " for update of a" : "");
        var row = await connection.QuerySingleOrDefaultAsync<ApplicationRow>(
            new CommandDefinition(sql, new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (row is null || (!currentUser.IsStaff && (row.HolderUserId is null || row.HolderUserId != currentUser.Id)))
        {
            throw new NotFoundException("No such application for this account.");
        }

        return row;
    }

    public static async Task<IReadOnlyList<ApplicationRow>> ListForCertificationAsync(
        NpgsqlConnection connection, Guid certificationId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        const string where = " where a.certification_id = @CertificationId order by a.created_at desc";
        return (await connection.QueryAsync<ApplicationRow>(
            new CommandDefinition(Select + where, new { CertificationId = certificationId }, transaction, cancellationToken: cancellationToken))).AsList();
    }
}
