using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Recert.Api.Features.Notifications;

public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/v1/me/notifications").WithTags("Notifications").RequireAuthorization();

        notifications.MapGet("/", async Task<Ok<NotificationListResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new ListNotificationsQuery(), ct)))
            .WithSummary("The newest 50 notifications (petition decided, audit selected or due, renewal decided), each with the portal page it is about, and the unread count");

        notifications.MapPost("/{id}/read", async Task<NoContent> (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new MarkNotificationsReadCommand(id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Mark a notification read (certificant)")
            .RequireAuthorization(Infrastructure.Policies.Certificant)
            .ProducesProblem(StatusCodes.Status404NotFound);

        notifications.MapPost("/read", async Task<NoContent> (IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new MarkNotificationsReadCommand(null), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Mark every notification read");
    }
}
