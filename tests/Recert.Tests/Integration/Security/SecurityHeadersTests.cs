using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Security;

public sealed partial class SecurityHeadersTests : IntegrationTest
{
    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("\\bsrc=[\"']([^\"']+)[\"']", RegexOptions.IgnoreCase)]
    private static partial Regex Source();

    static string Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [Test]
    public async Task Every_answer_carries_a_strict_policy_and_no_Server_header()
    {
        foreach (var path in new[] { "/health", "/api/v1/me", "/api/v1/nothing-here" })
        {
            var response = await Anonymous().GetAsync(path);
            var csp = Header(response, "Content-Security-Policy");
            Assert.Multiple(() =>
            {
                Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'"), path);
                Assert.That(csp, Does.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"), path);
                Assert.That(Header(response, "Permissions-Policy"), Does.Contain("camera=()").And.Contain("geolocation=()"), path);
                Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"), path);
                Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"), path);
                Assert.That(response.Headers.Contains("Server"), Is.False, path);
            });
        }

        Assert.That(App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader, Is.False, "Kestrel writes no Server header");
    }

    [Test]
    public async Task API_answers_are_kept_by_no_cache_unless_the_endpoint_publishes_them()
    {
        var holder = await CertificantAsync("cached.person@example.test");
        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["the signed-in user"] = await holder.GetAsync("/api/v1/me"),
            ["a refusal"] = await Anonymous().GetAsync("/api/v1/me"),
            ["a problem"] = await holder.GetAsync("/api/v1/certifications/CPT-404404/eligibility"),
        };
        Assert.Multiple(() =>
        {
            Assert.That(answers["the signed-in user"].StatusCode, Is.EqualTo(HttpStatusCode.OK));
            foreach (var (what, response) in answers)
            {
                Assert.That(response.Headers.CacheControl?.NoStore, Is.True, what);
            }
        });

        var statusList = await Anonymous().GetAsync("/api/v1/credentials/status/0");
        Assert.That(statusList.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(statusList.Headers.CacheControl?.ToString(), Is.EqualTo("public, max-age=300"), "a public list keeps its own caching");
    }

    [Test]
    public async Task Swagger_UI_loads_only_scripts_of_its_own_origin_under_its_policy()
    {
        var client = Anonymous();
        var page = await client.GetAsync("/swagger/index.html");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var csp = Header(page, "Content-Security-Policy");
        Assert.That(csp, Does.Contain("script-src 'self'").And.Not.Contain("unsafe-eval"));
        Assert.That(csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)), Does.Not.Contain("unsafe-inline"));

        var html = await page.Content.ReadAsStringAsync();
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.That(scripts, Is.Not.Empty);
        foreach (var tag in scripts)
        {
            var src = Source().Match(tag);
            Assert.That(src.Success, Is.True, $"inline script in Swagger UI: {tag}");
            var script = await client.GetAsync(new Uri(new Uri("http://localhost/swagger/"), src.Groups[1].Value));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), src.Groups[1].Value);
        }

        Assert.That((await client.GetAsync("/swagger/v1/swagger.json")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>The SPA's page and build configuration: no inline script (the CSP would block it) and no public source maps.</summary>
    [Test]
    public void The_web_client_has_no_inline_script_and_builds_without_source_maps()
    {
        var html = RepositoryFiles.ReadAllText("web-client", "index.html");
        Assert.That(ScriptTag().Matches(html).Select(m => m.Value), Is.All.Match("\\bsrc="), "every script of index.html has a src");
        Assert.That(html, Does.Not.Contain("<style").IgnoreCase.And.Not.Contain(" style=").IgnoreCase.And.Not.Contain("onload=").IgnoreCase);
        var vite = RepositoryFiles.ReadAllText("web-client", "vite.config.ts");
        Assert.That(vite, Does.Contain("sourcemap: false"));
    }
}

public sealed class SwaggerSwitchedOffTests : IntegrationTest
{
    protected override Dictionary<string, string?> Settings => new() { ["Recert:Swagger:Enabled"] = "false" };

    [Test]
    public async Task With_Swagger_disabled_neither_the_UI_nor_the_document_is_served()
    {
        var client = Anonymous();
        Assert.That((await client.GetAsync("/swagger/index.html")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/swagger/v1/swagger.json")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
