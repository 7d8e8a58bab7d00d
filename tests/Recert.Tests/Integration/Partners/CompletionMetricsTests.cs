using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Recert.Api.Infrastructure;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>Operators see completions by result (docs/operations.md); a batch is counted once it committed.</summary>
public sealed class CompletionMetricsTests : PartnerTest
{
    [Test]
    public async Task A_committed_batch_is_counted_by_result()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync("Metered Academy", "KB-101");
        var counted = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecertMetrics.MeterName && instrument.Name == "recert.completions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "result")
                {
                    counted.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();

        var results = await PushAsync(provider.Client,
            Record("m-1"),
            Record("m-2", completedOn: "2026-03-02"),
            Record("m-3", courseCode: "NOPE-1"));

        Assert.That(results.Select(Outcome), Is.EqualTo(new[] { "accepted", "accepted", "rejected" }));
        Assert.That(counted.GetValueOrDefault("accepted"), Is.EqualTo(2));
        Assert.That(counted.GetValueOrDefault("rejected"), Is.EqualTo(1));
        Assert.That(counted.GetValueOrDefault("duplicate"), Is.EqualTo(0));
    }
}
