using MediatR;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

public sealed record SigningKeyResponse(string Kid);

/// <summary>Staff retire the signing key (e.g. on suspicion of compromise) and start signing with a new one.</summary>
public sealed record RotateSigningKeyCommand : ICommand<SigningKeyResponse>;

internal sealed class RotateSigningKeyHandler(DbSession db, SigningKeys keys) : IRequestHandler<RotateSigningKeyCommand, SigningKeyResponse>
{
    public async Task<SigningKeyResponse> Handle(RotateSigningKeyCommand request, CancellationToken cancellationToken)
        => new(await keys.RotateAsync(db.Connection, db.Transaction, cancellationToken));
}
