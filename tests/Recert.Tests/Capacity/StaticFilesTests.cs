using System.Net;
using System.Net.Http.Headers;
using Recert.Tests.Support;

namespace Recert.Tests.Capacity;

/// <summary>The SPA's files go out compressed and cached by content hash; API answers stay uncompressed (BREACH).</summary>
[Category("Integration")]
public sealed class StaticFilesTests
{
    string spa = "";
    RecertApp app = null!;

    [OneTimeSetUp]
    public void Serve()
    {
        spa = Directory.CreateTempSubdirectory("recert-spa-").FullName;
        Directory.CreateDirectory(Path.Combine(spa, "assets"));
        File.WriteAllText(Path.Combine(spa, "index.html"), "<!doctype html><title>Recert</title><script type=module src=/assets/index-abc123.js></script>");
        File.WriteAllText(Path.Combine(spa, "assets", "index-abc123.js"), string.Concat(Enumerable.Repeat("export const recert = 'renewal';\n", 400)));
        app = new RecertApp(new() { ["Recert:SpaPath"] = spa });
    }

    [OneTimeTearDown]
    public void Stop()
    {
        app.Dispose();
        Directory.Delete(spa, recursive: true);
    }

    static HttpRequestMessage Get(string path, string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        return request;
    }

    [TestCase("br")]
    [TestCase("gzip")]
    public async Task Hashed_assets_are_compressed_and_cached_for_a_year(string encoding)
    {
        using var client = app.CreateClient();
        using var response = await client.SendAsync(Get("/assets/index-abc123.js", encoding));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { encoding }));
        Assert.That(response.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
        Assert.That(response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync()).Length, Is.LessThan(2_000));
    }

    [TestCase("/")]
    [TestCase("/dashboard")]
    public async Task The_page_itself_is_revalidated_so_a_deploy_is_seen_at_once(string path)
    {
        using var client = app.CreateClient();
        using var response = await client.SendAsync(Get(path, "gzip"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
    }

    [Test]
    public async Task Api_answers_are_not_compressed()
    {
        using var client = app.CreateClient();
        using var response = await client.SendAsync(Get("/api/v1/fee-schedule", "br"));
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
    }
}
