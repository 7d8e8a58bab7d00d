using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>The committed contract must be what the code serves. RECERT_UPDATE_OPENAPI=1 rewrites it (scripts/openapi.sh).</summary>
public sealed class OpenApiContractTests : IntegrationTest
{
    [Test]
    public async Task Committed_openapi_file_matches_the_code()
    {
        var path = Path.Combine(RepositoryFiles.Root(), "openapi", "recert.v1.json");
        if (Environment.GetEnvironmentVariable("RECERT_UPDATE_OPENAPI") == "1")
        {
            // In CI the variable would turn the check into "whatever the code serves is right".
            Assert.That(IsCi(), Is.False, "RECERT_UPDATE_OPENAPI is set in CI: regenerate locally (scripts/openapi.sh) and commit the file.");
            var generated = JsonNode.Parse(await Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, generated.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.That(File.Exists(path), Is.True, "openapi/recert.v1.json is missing: run scripts/openapi.sh");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;

        // Compared with a document generated afresh by a new instance of the API, also right after regenerating: the
        // file written must be what the code serves every time, not just the copy it was made from.
        await using var fresh = new RecertApp();
        var served = JsonNode.Parse(await fresh.CreateClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        Assert.That(JsonNode.DeepEquals(committed, served), Is.True, "openapi/recert.v1.json differs from the code: run scripts/openapi.sh and commit the result.");
    }

    static bool IsCi() => Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");
}
