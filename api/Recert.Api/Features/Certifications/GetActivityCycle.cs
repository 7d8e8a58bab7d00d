using FluentValidation;
using MediatR;
using Npgsql;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Certifications;

/// <summary>Which cycle an activity completed on a date would count for, asked before a petition fee or an "other" entry.</summary>
public sealed record GetActivityCycleQuery(string Number, DateOnly? CompletedOn) : IQuery<ActivityCycleResponse>;

public sealed record ActivityCycleResponse(
    DateOnly CompletedOn,
    CycleFit Fit,
    bool CanCount,
    DateOnly? CycleStart,
    DateOnly? ExpiresOn,
    DateOnly? LastCompletionDate,
    string Code,
    string Message)
{
    public static ActivityCycleResponse From(DateOnly completedOn, ActivityCycle cycle) => new(
        completedOn, cycle.Fit, cycle.CanCount, cycle.Cycle?.CycleStart, cycle.Cycle?.ExpiresOn, cycle.Cycle?.LastCompletionDate, cycle.Code, cycle.Message);
}

public sealed class GetActivityCycleValidator : AbstractValidator<GetActivityCycleQuery>
{
    public GetActivityCycleValidator(OrganisationClock clock)
    {
        RuleFor(q => q.CompletedOn).NotNull().WithMessage("Enter the date you completed the activity.")
            .LessThanOrEqualTo(_ => clock.Today).WithMessage("The completion date cannot be in the future.");
    }
}

internal sealed class GetActivityCycleHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<GetActivityCycleQuery, ActivityCycleResponse>
{
    public async Task<ActivityCycleResponse> Handle(GetActivityCycleQuery request, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var certification = await CertificationStore.FindAccessibleAsync(connection, request.Number, currentUser, cancellationToken);
        var completedOn = request.CompletedOn!.Value;
        return ActivityCycleResponse.From(completedOn, await CertificationStore.CycleForAsync(connection, certification, completedOn, clock, cancellationToken));
    }
}
