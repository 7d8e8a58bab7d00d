using Dapper;
using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

/// <summary>Everything a public verification says: nothing else about the holder leaves the system.</summary>
public sealed record VerificationResponse(string HolderName, string Credential, VerificationStatus Status, DateOnly ValidThrough, bool ForLife);

public sealed record VerifyByNameQuery(string Number, string LastName) : IQuery<VerificationResponse>;

public sealed class VerifyByNameValidator : AbstractValidator<VerifyByNameQuery>
{
    public VerifyByNameValidator()
    {
        RuleFor(q => q.Number).NotEmpty().WithMessage("Give the certification number.");
        RuleFor(q => q.LastName).NotEmpty().WithMessage("Give the holder's last name.");
    }
}

public sealed record VerifyByLinkQuery(string Token) : IQuery<VerificationResponse>;

public static class Verification
{
    /// <summary>One message for an unknown number, a wrong name, an opted-out holder and an unknown or malformed token.</summary>
    public const string NoMatch = "No certification matches these details.";

    internal static VerificationResponse Answer(CertificationFacts facts, DateOnly today)
        => new(facts.HolderName, $"{CredentialStore.CredentialTitle(facts.Credential)} ({facts.Credential})", facts.StatusOn(today), facts.ExpiresOn, facts.ForLife);

    /// <summary>A write, so on the primary even when the lookup itself was read from the replica.</summary>
    internal static async Task CountAsync(NpgsqlDataSource primary, Guid certificationId, string via, DateOnly today, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into verification_lookups (certification_id, via, looked_up_on, lookups) values (@CertificationId, @Via, @Today, 1)
            on conflict (certification_id, via, looked_up_on) do update set lookups = verification_lookups.lookups + 1
            """;
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { CertificationId = certificationId, Via = via, Today = today }, cancellationToken: cancellationToken));
    }
}

internal sealed class VerifyByNameHandler(NpgsqlDataSource dataSource, ReadReplicaDataSource replica, OrganisationClock clock, ILogger<VerifyByNameHandler> logger)
    : IRequestHandler<VerifyByNameQuery, VerificationResponse>
{
    public async Task<VerificationResponse> Handle(VerifyByNameQuery request, CancellationToken cancellationToken)
    {
        const string where = """
             where upper(c.number) = upper(@Number) and lower(c.last_name) = lower(@LastName)
               and coalesce((select r.name_lookup from credential_records r where r.certification_id = c.id), true)
            """;
        CertificationFacts? facts = null;
        if (request.Number.Length <= 64 && request.LastName.Length <= 200)
        {
            facts = await replica.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<CertificationFacts>(new CommandDefinition(
                CredentialStore.SelectFacts + where, new { Number = request.Number.Trim(), LastName = request.LastName.Trim() }, cancellationToken: cancellationToken)), cancellationToken);
        }

        logger.LogInformation("Public verification by number and name: {Outcome}", facts is null ? "no match" : "match");
        if (facts is null)
        {
            throw new NotFoundException(Verification.NoMatch);
        }

        await Verification.CountAsync(dataSource, facts.Id, "name", clock.Today, cancellationToken);
        return Verification.Answer(facts, clock.Today);
    }
}

internal sealed class VerifyByLinkHandler(NpgsqlDataSource dataSource, ReadReplicaDataSource replica, OrganisationClock clock, ILogger<VerifyByLinkHandler> logger)
    : IRequestHandler<VerifyByLinkQuery, VerificationResponse>
{
    public async Task<VerificationResponse> Handle(VerifyByLinkQuery request, CancellationToken cancellationToken)
    {
        const string where = " where c.id = (select r.certification_id from credential_records r where r.token_sha256 = @Sha256)";
        CertificationFacts? facts = null;
        if (VerificationTokens.IsWellFormed(request.Token))
        {
            facts = await replica.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<CertificationFacts>(new CommandDefinition(
                CredentialStore.SelectFacts + where, new { Sha256 = VerificationTokens.Hash(request.Token) }, cancellationToken: cancellationToken)), cancellationToken);
        }

        logger.LogInformation("Public verification by link: {Outcome}", facts is null ? "no match" : "match");
        if (facts is null)
        {
            throw new NotFoundException(Verification.NoMatch);
        }

        await Verification.CountAsync(dataSource, facts.Id, "link", clock.Today, cancellationToken);
        return Verification.Answer(facts, clock.Today);
    }
}
