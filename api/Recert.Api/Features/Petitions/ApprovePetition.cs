using Dapper;
using FluentValidation;
using MediatR;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Petitions;

public sealed record ApprovePetitionCommand(Guid Id, decimal Ceus, bool ForEveryone, string? Note) : ICommand<IReadOnlyList<PetitionResponse>>;

public sealed class ApprovePetitionValidator : AbstractValidator<ApprovePetitionCommand>
{
    public ApprovePetitionValidator()
    {
        RuleFor(c => c.Ceus).Must(Ceus.IsValidAmount).WithMessage("CEUs must be more than 0 and at most 100, with at most two decimals (e.g. 0.05).");
        RuleFor(c => c.Note).MaximumLength(1000);
    }
}

/// <summary>
/// Approves one petition, or (ForEveryone) the course itself: every paid petition of the same course and provider is
/// approved in this one decision, and petitions of that course paid later are approved with the same CEUs.
/// </summary>
internal sealed class ApprovePetitionHandler(DbSession db, ICurrentUser currentUser, OrganisationClock clock)
    : IRequestHandler<ApprovePetitionCommand, IReadOnlyList<PetitionResponse>>
{
    public async Task<IReadOnlyList<PetitionResponse>> Handle(ApprovePetitionCommand request, CancellationToken cancellationToken)
    {
        var petition = await PetitionStore.FindAccessibleAsync(db.Connection, request.Id, currentUser, cancellationToken, db.Transaction, forUpdate: true);
        var now = clock.Now;
        var staffId = currentUser.RequireId();
        if (!request.ForEveryone)
        {
            await PetitionStore.ApproveAsync(db, petition, request.Ceus, staffId, now, request.Note, cancellationToken);
            return [(await PetitionStore.FindAccessibleAsync(db.Connection, petition.Id, currentUser, cancellationToken, db.Transaction)).ToResponse()];
        }

        if (petition.StatusValue != PetitionStatus.AwaitingReview)
        {
            await PetitionStore.ApproveAsync(db, petition, request.Ceus, staffId, now, request.Note, cancellationToken); // throws the reason
        }

        const string courseApproval = """
            insert into petition_course_approvals (course_key, title, provider_name, ceus, approved_by, approved_at)
            values (@CourseKey, @Title, @ProviderName, @Ceus, @StaffId, @Now)
            on conflict (course_key) do update set ceus = excluded.ceus, approved_by = excluded.approved_by, approved_at = excluded.approved_at
            """;
        await db.Connection.ExecuteAsync(db.Command(courseApproval, new { petition.CourseKey, petition.Title, petition.ProviderName, request.Ceus, StaffId = staffId, Now = now.UtcDateTime }, cancellationToken));

        var group = (await db.Connection.QueryAsync<PetitionRow>(db.Command(
            PetitionStore.Select + " where p.course_key = @CourseKey and p.status = 'awaiting-review' order by p.id for update of p",
            new { petition.CourseKey }, cancellationToken))).AsList();
        foreach (var member in group)
        {
            await PetitionStore.ApproveAsync(db, member, request.Ceus, staffId, now, request.Note ?? "Course approved for everyone who petitioned it.", cancellationToken);
        }

        var approved = new List<PetitionResponse>();
        foreach (var member in group)
        {
            approved.Add((await PetitionStore.FindAccessibleAsync(db.Connection, member.Id, currentUser, cancellationToken, db.Transaction)).ToResponse());
        }

        return approved;
    }
}
