using MediatR;

namespace Recert.Api.Infrastructure.Behaviours;

/// <summary>An answer that tells the metrics what happened (completions by result, payments by outcome).</summary>
public interface IMeasured
{
    void Measure(RecertMetrics metrics);
}

/// <summary>
/// Outside the transaction: an answer is measured once its command committed, never for work that was rolled back.
/// </summary>
public sealed class MetricsBehaviour<TRequest, TResponse>(RecertMetrics metrics) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var response = await next();
        if (response is IMeasured measured)
        {
            measured.Measure(metrics);
        }

        return response;
    }
}
