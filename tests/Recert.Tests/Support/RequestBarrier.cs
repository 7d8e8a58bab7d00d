using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Recert.Tests.Support;

/// <summary>
/// Holds requests to one path at the entrance of the API's pipeline until the armed number of them have arrived, then
/// lets them all through at once: a concurrency test races for real even when two cores would otherwise run the
/// requests one after the other. Inert until <see cref="Arm"/> is called; disarms itself once released.
/// </summary>
public sealed class RequestBarrier
{
    readonly Lock gate = new();
    string? path;
    int expected;
    int arrived;
    TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm(string requestPath, int count)
    {
        lock (gate)
        {
            path = requestPath;
            expected = count;
            arrived = 0;
            released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>How many requests were held together the last time the barrier opened.</summary>
    public int LastReleased { get; private set; }

    internal async Task PassAsync(HttpContext context)
    {
        Task wait;
        lock (gate)
        {
            if (path is null || !string.Equals(context.Request.Path.Value, path, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            arrived += 1;
            wait = released.Task;
            if (arrived == expected)
            {
                LastReleased = arrived;
                path = null;
                released.TrySetResult();
            }
        }

        // Fewer requests than armed arrived: fail loudly instead of hanging the run.
        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }
}

sealed class RequestBarrierStartupFilter(RequestBarrier barrier) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            await barrier.PassAsync(context);
            await nextMiddleware(context);
        });
        next(app);
    };
}
