using System.Net;
using Recert.Tests.Support;

namespace Recert.Tests.Drills;

/// <summary>The benchmark's baseline endpoint exists only when configured, and never in the published contract.</summary>
public sealed class BenchBaselineTests : IntegrationTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Bench:BaselineEndpoint"] = "true" };

    [Test]
    public async Task Baseline_answers_signed_in_callers_and_stays_out_of_the_openapi_document()
    {
        var staff = await StaffAsync();
        await CreateCertificationAsync(staff, "BENCH-1", "bench-1@example.test", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));

        var found = await staff.GetAsync("/bench/baseline/bench-1");
        Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadJsonAsync(found))["expiresOn"]!.GetValue<string>(), Is.EqualTo("2026-12-31"));
        await AssertProblemAsync(await Anonymous().GetAsync("/bench/baseline/BENCH-1"), HttpStatusCode.Unauthorized);

        var openApi = await Anonymous().GetStringAsync("/swagger/v1/swagger.json");
        Assert.That(openApi, Does.Not.Contain("/bench/"));
    }
}
