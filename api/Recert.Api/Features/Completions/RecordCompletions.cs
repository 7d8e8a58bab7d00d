using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Providers;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

/// <summary>
/// A batch of completions from one provider. With an Idempotency-Key, the answer is stored in the same transaction
/// as the records (<see cref="IdempotencyBehaviour{TRequest,TResponse}"/>), so a replay returns exactly what was committed.
/// </summary>
public sealed record RecordCompletionsCommand(Guid ProviderId, IReadOnlyList<CompletionRecord> Records, string? IdempotencyKey = null, string? RequestHash = null)
    : ICommand<CompletionBatchResponse>, IProviderWrite, IIdempotentCommand;

public sealed class RecordCompletionsValidator : AbstractValidator<RecordCompletionsCommand>
{
    public RecordCompletionsValidator()
        => RuleFor(c => c.Records.Count).InclusiveBetween(1, CompletionBatchReader.MaxRecords)
            .OverridePropertyName("completions")
            .WithMessage($"Send 1 to {CompletionBatchReader.MaxRecords} records.");
}

internal sealed class RecordCompletionsHandler(CompletionRecorder recorder)
    : IRequestHandler<RecordCompletionsCommand, CompletionBatchResponse>
{
    public async Task<CompletionBatchResponse> Handle(RecordCompletionsCommand request, CancellationToken cancellationToken)
        => CompletionBatchResponse.From(await recorder.RecordAsync(request.ProviderId, request.Records, cancellationToken));
}

public sealed record VoidCompletionCommand(Guid ProviderId, string ExternalId) : ICommand<CompletionResponse>, IProviderWrite;

internal sealed class VoidCompletionHandler(CompletionRecorder recorder) : IRequestHandler<VoidCompletionCommand, CompletionResponse>
{
    public Task<CompletionResponse> Handle(VoidCompletionCommand request, CancellationToken cancellationToken)
        => recorder.VoidAsync(request.ProviderId, request.ExternalId, cancellationToken);
}

/// <summary>
/// A certification was registered, claimed or joined an account by a verified email: completions waiting for its number
/// attach to it, and so do xAPI statements whose mbox is its holder's verified email.
/// </summary>
internal sealed class AttachPendingCompletions(DbSession db, CompletionRecorder recorder) : INotificationHandler<CertificationAppeared>
{
    public async Task Handle(CertificationAppeared notification, CancellationToken cancellationToken)
    {
        await recorder.AttachPendingAsync(notification.CertificationId, cancellationToken);
        const string verifiedHolderEmail = """
            select u.email from certifications c join users u on u.id = c.user_id
            where c.id = @Id and u.email_verified_at is not null
            """;
        if (await db.Connection.QuerySingleOrDefaultAsync<string>(db.Command(verifiedHolderEmail, new { Id = notification.CertificationId }, cancellationToken)) is { } email)
        {
            await recorder.AttachPendingForVerifiedEmailAsync(notification.CertificationId, email, cancellationToken);
        }
    }
}
