using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    public string Url { get; private set; } = "";

    /// <summary>Everything exported for one signal (traces, metrics, logs), as one string of the payloads' bytes.</summary>
    public string Received(string signal)
        => exports.TryGetValue(signal, out var payloads) ? string.Concat(payloads.Select(p => System.Text.Encoding.UTF8.GetString(p))) : "";

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector.exports.GetOrAdd(signal, _ => new()).Enqueue(body.ToArray());
            // An empty protobuf message is a complete Export*ServiceResponse: everything accepted.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        collector.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
