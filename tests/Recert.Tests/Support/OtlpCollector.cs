using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Recert.Tests.Support;

/// <summary>
/// An OTLP/HTTP receiver on 127.0.0.1 that keeps what each signal's exports carried. The payloads stay protobuf: the
/// tests look for names and values in them as bytes, since protobuf writes strings as plain UTF-8.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> exports = new();

    OtlpCollector(WebApplication app) => this.app = app;

    public string Url { get; private init; } = "";

    /// <summary>Everything exported for one signal (traces, metrics, logs), as one string of the payloads' bytes.</summary>
    public string Received(string signal)
        => exports.TryGetValue(signal, out var payloads) ? string.Concat(payloads.Select(p => System.Text.Encoding.UTF8.GetString(p))) : "";

    public static async Task<OtlpCollector> StartAsync()
    {
        OtlpCollector? collector = null;
        var (app, baseUrl) = await LoopbackServer.StartAsync(server => server.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector!.exports.GetOrAdd(signal, _ => new()).Enqueue(body.ToArray());
            // An empty protobuf message is a complete Export*ServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        }));
        collector = new OtlpCollector(app) { Url = baseUrl };
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
