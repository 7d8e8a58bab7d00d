using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>The committed contract must be what the code serves. RECERT_UPDATE_OPENAPI=1 rewrites it (scripts/openapi.sh).</summary>
public sealed class OpenApiContractTests : IntegrationTest
{
    [Test]
    public async Task Committed_openapi_file_matches_the_code()
    {
        var served = JsonNode.Parse(await Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
        var path = Path.Combine(RepositoryRoot(), "openapi", "recert.v1.json");
        var text = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";

        if (Environment.GetEnvironmentVariable("RECERT_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, text);
        }

        Assert.That(File.Exists(path), Is.True, "openapi/recert.v1.json is missing: run scripts/openapi.sh");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.That(JsonNode.DeepEquals(committed, served), Is.True, "openapi/recert.v1.json differs from the code: run scripts/openapi.sh and commit the result.");
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Recert.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Recert.sln not found above the test directory.");
    }
}
