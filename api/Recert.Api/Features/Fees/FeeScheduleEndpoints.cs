using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Fees;

public static class FeeScheduleEndpoints
{
    public static void MapFeeScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var fees = app.MapGroup("/api/v1/fee-schedule").WithTags("Fees");

        fees.MapGet("/", async Task<Ok<FeeScheduleResponse>> (IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(new GetFeeScheduleQuery(), ct)))
            .WithSummary("The fees in force today and every schedule with its effective date (public)");

        fees.MapPut("/", async Task<Ok<FeeScheduleResponse>> (SetFeeScheduleCommand command, IMediator mediator, CancellationToken ct)
                => TypedResults.Ok(await mediator.Send(command, ct)))
            .WithSummary("Set the fees in force from a date (staff)")
            .RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
