using MediatR;

namespace Recert.Api.Features.Certifications;

/// <summary>
/// Published inside the transaction that creates a certification or links it to an account, so that whatever was
/// waiting for it (for example completions pushed for a number not yet registered) can attach to it.
/// </summary>
public sealed record CertificationAppeared(Guid CertificationId) : INotification;
