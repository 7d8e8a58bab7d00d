using System.Globalization;
using System.Text;
using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>
/// A provider's completions in the order they last changed (keyset pagination on updated_at, id): pass the
/// nextCursor back to continue; pass since= to start from a moment (e.g. the last sync). The portal narrows by state and
/// by a search on externalId or certification number.
/// </summary>
public sealed record ListCompletionsQuery(Guid ProviderId, DateTimeOffset? Since, string? Cursor, int Limit = 100, string? State = null, string? Search = null) : IQuery<CompletionPage>;

public sealed class ListCompletionsValidator : AbstractValidator<ListCompletionsQuery>
{
    public ListCompletionsValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 500);
        RuleFor(q => q.Cursor).Must(c => ListCompletionsHandler.TryDecode(c, out _)).When(q => q.Cursor is not null)
            .WithMessage("The cursor is not one this API returned.");
        RuleFor(q => q.State).Must(s => EnumText.TryParse<CompletionState>(s, out _)).When(q => q.State is not null)
            .WithMessage("state is one of accepted, pending-learner, rejected, voided.");
        RuleFor(q => q.Search).MaximumLength(100);
    }
}

internal sealed class ListCompletionsHandler(NpgsqlDataSource dataSource) : IRequestHandler<ListCompletionsQuery, CompletionPage>
{
    public async Task<CompletionPage> Handle(ListCompletionsQuery request, CancellationToken cancellationToken)
    {
        TryDecode(request.Cursor, out var after);
        const string sql = """
            select c.id, c.external_id, c.certification_number, c.completed_on, c.state, c.rejection_code, c.ce_activity_id,
                   c.created_at, c.updated_at, pc.code as course_code, coalesce(c.course_ceus, pc.ceus) as ceus, null::uuid as used_in_application_id
            from completions c
            join provider_courses pc on pc.id = c.course_id
            where c.provider_id = @ProviderId
              and (@Since::timestamptz is null or c.updated_at >= @Since)
              and (@AfterAt::timestamptz is null or (c.updated_at, c.id) > (@AfterAt, @AfterId))
              and (@State::text is null or c.state = @State)
              and (@Search::text is null or c.external_id ilike @Search or c.certification_number ilike @Search)
            order by c.updated_at, c.id
            limit @Take
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CompletionRow>(new CommandDefinition(sql, new
        {
            request.ProviderId,
            Since = request.Since?.UtcDateTime,
            AfterAt = after?.At,
            AfterId = after?.Id ?? Guid.Empty,
            Take = request.Limit + 1,
            State = request.State,
            Search = Providers.ProviderStore.LikePattern(request.Search),
        }, cancellationToken: cancellationToken))).AsList();

        var page = rows.Take(request.Limit).ToList();
        var next = rows.Count > request.Limit ? Encode(page[^1].UpdatedAt, page[^1].Id) : null;
        return new CompletionPage(page.Select(r => r.ToResponse()).ToList(), next);
    }

    static string Encode(DateTime at, Guid id)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks.ToString(CultureInfo.InvariantCulture)}|{id:N}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? cursor, out (DateTime At, Guid Id)? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and < 3155378975999999999 && Guid.TryParseExact(parts[1], "N", out var id))
            {
                position = (new DateTime(ticks, DateTimeKind.Utc), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}

public sealed record GetCompletionQuery(Guid ProviderId, string ExternalId) : IQuery<CompletionResponse>;

internal sealed class GetCompletionHandler(NpgsqlDataSource dataSource) : IRequestHandler<GetCompletionQuery, CompletionResponse>
{
    public async Task<CompletionResponse> Handle(GetCompletionQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select c.id, c.external_id, c.certification_number, c.completed_on, c.state, c.rejection_code, c.ce_activity_id,
                   c.created_at, c.updated_at, pc.code as course_code, coalesce(c.course_ceus, pc.ceus) as ceus, null::uuid as used_in_application_id
            from completions c
            join provider_courses pc on pc.id = c.course_id
            where c.provider_id = @ProviderId and c.external_id = @ExternalId
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CompletionRow>(new CommandDefinition(sql, new { request.ProviderId, request.ExternalId }, cancellationToken: cancellationToken));
        return row?.ToResponse() ?? throw new NotFoundException($"No completion {request.ExternalId} from this provider.");
    }
}

/// <summary>At enrolment: does this number belong to someone of this last name, and what is the certification's status? Nothing more.</summary>
public sealed record CheckLearnerQuery(string CertificationNumber, string LastName) : IQuery<LearnerCheckResponse>;

public sealed class CheckLearnerValidator : AbstractValidator<CheckLearnerQuery>
{
    public CheckLearnerValidator()
    {
        RuleFor(q => q.CertificationNumber).NotEmpty().MaximumLength(32);
        RuleFor(q => q.LastName).NotEmpty().WithMessage("Pass lastName= to check a learner.").MaximumLength(100);
    }
}

internal sealed class CheckLearnerHandler(NpgsqlDataSource dataSource, OrganisationClock clock) : IRequestHandler<CheckLearnerQuery, LearnerCheckResponse>
{
    public async Task<LearnerCheckResponse> Handle(CheckLearnerQuery request, CancellationToken cancellationToken)
    {
        const string sql = "select last_name, expires_on from certifications where upper(number) = upper(@Number)";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LearnerRow>(
            new CommandDefinition(sql, new { Number = request.CertificationNumber.Trim() }, cancellationToken: cancellationToken));
        var number = request.CertificationNumber.Trim().ToUpperInvariant();
        return row is not null && CompletionRecorder.SameName(row.LastName, request.LastName)
            ? new LearnerCheckResponse(number, true, Domain.CertificationRules.StatusOn(row.ExpiresOn, clock.Today))
            : new LearnerCheckResponse(number, false, null);
    }

    sealed record LearnerRow(string LastName, DateOnly ExpiresOn);
}
