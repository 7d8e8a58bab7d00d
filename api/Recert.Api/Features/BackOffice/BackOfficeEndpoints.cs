using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.BackOffice;

public static class BackOfficeEndpoints
{
    public static void MapBackOfficeEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/staff").WithTags("Back office").RequireAuthorization(Policies.Staff);

        staff.MapGet("/queues", async Task<Ok<QueuesResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new QueuesQuery(), ct)))
            .WithSummary("Work waiting for staff, with counts and the age in days of the oldest item (staff)");

        staff.MapGet("/audits", async Task<Ok<IReadOnlyList<AuditQueueEntry>>> (string? queue, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new AuditQueueQuery(ParseOrDefault(queue, "queue", AuditQueue.AwaitingReview)), ct)))
            .WithSummary("Audits awaiting review (default), overdue, or awaiting documentation (staff)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        staff.MapGet("/audits/rate", async Task<Ok<AuditRateResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new AuditRateQuery(), ct)))
            .WithSummary("The audit rate in force (staff-set, or the configured one until staff set it), its history, and the rate observed (drawn / draws) (staff)");

        staff.MapPut("/audits/rate", async Task<Ok<AuditRateResponse>> (SetAuditRateCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(command, ct)))
            .WithSummary("Set the share of paid applications drawn for audit, 0 to 1; kept with who changed it and when (staff)")
            .ProducesValidationProblem();

        staff.MapGet("/applications", async Task<Ok<ApplicationPage>> (string? status, int? page, int? pageSize, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new StaffApplicationsQuery(
                    string.IsNullOrEmpty(status) ? null : ParseOrDefault(status, "status", ApplicationStatus.Draft), page ?? 1, pageSize ?? 25), ct)))
            .WithSummary("Applications, optionally by status, oldest change first, paged (staff)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        staff.MapGet("/applications/{id:guid}", async Task<Ok<StaffApplicationDetail>> (Guid id, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new StaffApplicationQuery(id), ct)))
            .WithSummary("One application for staff: fees quoted, every payment attempt, refunds, the audit draw and audit, decisions")
            .ProducesProblem(StatusCodes.Status404NotFound);

        staff.MapGet("/certifications", async Task<Ok<CertificationPage>> (string? search, int? page, int? pageSize, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new SearchCertificationsQuery(search, page ?? 1, pageSize ?? 25), ct)))
            .WithSummary("Find certifications by number (exact), name or email (contains), paged (staff)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        staff.MapGet("/certifications/{number}/history", async Task<Ok<CertificantHistory>> (string number, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new CertificantHistoryQuery(number), ct)))
            .WithSummary("A certificant's full history: certification, applications, activities, cards, petitions, decisions, emails (staff)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Query values are kebab-case like every enum of the API; anything else is a 400 naming the field.</summary>
    static TEnum ParseOrDefault<TEnum>(string? text, string field, TEnum fallback) where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return EnumText.TryParse<TEnum>(text, out var value)
            ? value
            : throw new FieldException(field, $"Use one of: {string.Join(", ", EnumText.All<TEnum>())}.");
    }
}
