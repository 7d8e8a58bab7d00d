using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recert.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 (port chosen by the OS) that records webhook requests and answers planned statuses.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Timestamp, string Signature, string Body);

    readonly WebApplication app;
    readonly ConcurrentQueue<int> plannedStatuses = new();

    WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url { get; private init; } = "";

    /// <summary>The next requests are answered with these statuses, then 200.</summary>
    public void Plan(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            plannedStatuses.Enqueue(status);
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebhookReceiver? receiver = null;
        var (app, baseUrl) = await LoopbackServer.StartAsync(server => server.MapPost("/hooks/recert", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            receiver!.Requests.Enqueue(new Received(
                request.Headers["webhook-id"].ToString(),
                request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(),
                await reader.ReadToEndAsync()));
            return Results.StatusCode(receiver.plannedStatuses.TryDequeue(out var status) ? status : 200);
        }));
        receiver = new WebhookReceiver(app) { Url = baseUrl + "/hooks/recert" };
        return receiver;
    }

    /// <summary>Standard Webhooks verification, written independently of the API's code: which of the space-separated v1 signatures match the secret.</summary>
    public static bool IsSignedWith(Received request, string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.{request.Body}")));
        return request.Signature.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
