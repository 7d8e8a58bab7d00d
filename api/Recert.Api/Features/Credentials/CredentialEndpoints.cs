using System.Text.Json.Nodes;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

public static class CredentialEndpoints
{
    public static void MapCredentialEndpoints(this IEndpointRouteBuilder app)
    {
        var verify = app.MapGroup("/api/v1/verify").WithTags("Verification").AllowAnonymous().RequireRateLimiting(CredentialsSetup.VerifyRateLimit);

        verify.MapGet("/", async Task<Ok<VerificationResponse>> (string? number, string? lastName, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new VerifyByNameQuery(number ?? string.Empty, lastName ?? string.Empty), ct)))
            .WithSummary("Public verification by certification number and the holder's last name (no sign-in)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        verify.MapGet("/c/{token}", async Task<Ok<VerificationResponse>> (string token, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new VerifyByLinkQuery(token), ct)))
            .WithSummary("Public verification by the certification's verification link (what its QR code points to)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var open = app.MapGroup("/api/v1/credentials").WithTags("Credentials").AllowAnonymous();

        open.MapGet("/issuer", Ok<JsonObject> (PublicUrls urls, IOptions<CredentialOptions> options)
                => TypedResults.Ok(OpenBadgeCredentials.IssuerProfile(urls, options.Value)))
            .WithSummary("The issuer's Open Badges 3.0 profile (type Profile)");

        open.MapGet("/achievements/{credential}", Results<Ok<JsonObject>, ProblemHttpResult> (string credential, PublicUrls urls)
                => credential.Equals("cpt", StringComparison.OrdinalIgnoreCase)
                    ? TypedResults.Ok(OpenBadgeCredentials.Achievement(urls, "CPT"))
                    : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no achievement {credential}."))
            .WithSummary("The Open Badges 3.0 achievement a credential describes")
            .ProducesProblem(StatusCodes.Status404NotFound);

        open.MapGet("/status/{list:int}", async Task<ContentHttpResult> (int list, IMediator mediator, HttpResponse response, CancellationToken ct) =>
            {
                var jwt = await mediator.Send(new GetStatusListQuery(list), ct);
                response.Headers.CacheControl = "public, max-age=300";
                return TypedResults.Text(jwt, "application/vc+jwt");
            })
            .WithSummary("The signed Bitstring Status List credential (VC-JWT) of the credentials' revocation bits, computed from current data")
            .Produces<string>(StatusCodes.Status200OK, "application/vc+jwt")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/.well-known/jwks.json", async Task<Ok<JsonObject>> (SigningKeys keys, CancellationToken ct)
                => TypedResults.Ok(await keys.JwksAsync(ct)))
            .WithTags("Credentials")
            .WithSummary("The public keys that sign credentials and status lists, current and retired (JWKS)")
            .AllowAnonymous();

        var certifications = app.MapGroup("/api/v1/certifications/{number}").WithTags("Credentials").RequireAuthorization();

        certifications.MapGet("/certificate.pdf", async Task<FileContentHttpResult> (string number, IMediator mediator, CancellationToken ct)
                => File(await mediator.Send(new GetCertificatePdfQuery(number, CertificateLayout.Certificate), ct)))
            .WithSummary("The printable certificate (holder and staff), generated from current data")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapGet("/wallet-card.pdf", async Task<FileContentHttpResult> (string number, IMediator mediator, CancellationToken ct)
                => File(await mediator.Send(new GetCertificatePdfQuery(number, CertificateLayout.WalletCard), ct)))
            .WithSummary("The credit-card-size wallet card (holder and staff)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapGet("/credential", async Task<Ok<CredentialResponse>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetCredentialQuery(number), ct)))
            .WithSummary("The Open Badges 3.0 credential of the certification as VC-JWT and JSON (holder and staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapGet("/verification-link", async Task<Ok<VerificationLinkResponse>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetVerificationLinkQuery(number), ct)))
            .WithSummary("The public verification link and whether name look-up is allowed (holder and staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapPost("/verification-link/rotate", async Task<Ok<VerificationLinkResponse>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RotateVerificationLinkCommand(number), ct)))
            .WithSummary("Replace the verification link: the old link and QR codes stop working")
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapPut("/verification-link/name-lookup", async Task<Ok<VerificationLinkResponse>> (string number, SetNameLookupBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new SetNameLookupCommand(number, body.Enabled), ct)))
            .WithSummary("Allow or refuse public look-up by number and last name (the link always works)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapGet("/verification-lookups", async Task<Ok<VerificationLookupsResponse>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetVerificationLookupsQuery(number), ct)))
            .WithSummary("How often the certification was verified publicly, per day (staff; counts only)")
            .RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        certifications.MapPost("/revocation", async Task<Ok<RevocationResponse>> (string number, RevokeCertificationBody body, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RevokeCertificationCommand(number, body.Reason), ct)))
            .WithSummary("Revoke the certification with a reason (staff)")
            .RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/api/v1/receipts/{id:guid}.pdf", async Task<FileContentHttpResult> (Guid id, IMediator mediator, CancellationToken ct)
                => File(await mediator.Send(new GetReceiptPdfQuery(id), ct)))
            .WithTags("Credentials")
            .WithSummary("A receipt as PDF (its payer and staff)")
            .RequireAuthorization()
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/staff/signing-keys/rotate", async Task<Ok<SigningKeyResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new RotateSigningKeyCommand(), ct)))
            .WithTags("Credentials")
            .WithSummary("Retire the credential signing key and sign with a new one; the old public key stays in the JWKS (staff)")
            .RequireAuthorization(Policies.Staff);
    }

    static FileContentHttpResult File(PdfFile pdf) => TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
}
