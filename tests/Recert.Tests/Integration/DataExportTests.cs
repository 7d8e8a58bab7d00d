using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Recert.Tests.Support;

namespace Recert.Tests.Integration;

/// <summary>"Download my data": everything about the signed-in account, nothing of anyone else's, no secret.</summary>
public sealed class DataExportTests : RenewalTest
{
    const string Number = "CPT-820001";
    const string OtherNumber = "CPT-820002";

    static async Task<(JsonObject Export, string Text)> ExportAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/me/data-export");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName,
                Is.EqualTo("recert-my-data-2026-06-01.json"), "named after the organisation's today");
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
        var text = await response.Content.ReadAsStringAsync();
        return (JsonNode.Parse(text)!.AsObject(), text);
    }

    [Test]
    public async Task The_export_holds_the_account_its_certification_activities_cards_application_payment_and_documents()
    {
        var holder = await EligibleHolderAsync(Number);
        await AddOtherCeuAsync(holder, Number, 0.35m, Expiry.AddMonths(-2), title: "Exported workshop");
        var application = await SubmitAsync(holder, Number);
        var receipt = await PayAsync(holder);
        var other = await EligibleHolderAsync(OtherNumber);
        await AddOtherCeuAsync(other, OtherNumber, 0.4m, Expiry.AddMonths(-2), title: "Someone else's workshop");

        var (export, text) = await ExportAsync(holder);

        var certification = export["certifications"]!.AsArray().Single()!.AsObject();
        var activities = certification["ceActivities"]!.AsArray();
        var exported = activities.Single(a => a!["title"]!.GetValue<string>() == "Exported workshop")!;
        var documentIds = export["documents"]!.AsArray().Select(d => d!["id"]!.GetValue<Guid>()).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(export["account"]!["email"]!.GetValue<string>(), Is.EqualTo(HolderEmail(Number)));
            Assert.That(certification["number"]!.GetValue<string>(), Is.EqualTo(Number));
            Assert.That(certification["expiresOn"]!.GetValue<string>(), Is.EqualTo("2028-07-31"), "the paid renewal moved it to its next cycle");
            Assert.That(exported["ceus"]!.GetValue<decimal>(), Is.EqualTo(0.35m), "CEUs exactly as stored");
            Assert.That(exported["completedOn"]!.GetValue<string>(), Is.EqualTo("2026-05-31"));
            Assert.That(activities.Count, Is.EqualTo(2));
            Assert.That(certification["cprAedCards"]!.AsArray().Single()!["handsOn"]!.GetValue<bool>(), Is.True);
            var exportedApplication = certification["applications"]!.AsArray().Single()!;
            Assert.That(exportedApplication["id"]!.GetValue<Guid>(), Is.EqualTo(application["id"]!.GetValue<Guid>()));
            Assert.That(exportedApplication["totalCents"]!.GetValue<long>(), Is.EqualTo(9900));
            Assert.That(export["receipts"]!.AsArray().Single()!["amountCents"]!.GetValue<long>(), Is.EqualTo(receipt["amountCents"]!.GetValue<long>()));
            Assert.That(documentIds, Has.Count.EqualTo(4), "two certificates and the card's front and back");
            Assert.That(activities.Select(a => a!["documentId"]!.GetValue<Guid>()), Is.SubsetOf(documentIds), "each activity's certificate is among the documents");
            Assert.That(export["sessions"]!.AsArray(), Is.Not.Empty);
            Assert.That(text, Does.Not.Contain(OtherNumber).And.Not.Contain("Someone else").And.Not.Contain(HolderEmail(OtherNumber)));
        });
    }

    [Test]
    public async Task No_secret_of_the_account_is_in_its_export()
    {
        var holder = await HolderAsync(Number, Expiry);
        var passwordHash = await ScalarAsync<string>("select password_hash from users where email = @Email", new { Email = HolderEmail(Number) });
        var tokenHashes = await ScalarAsync<string[]>(
            "select coalesce(array_agg(encode(s.token_hash, 'hex')), '{}') from sessions s join users u on u.id = s.user_id where u.email = @Email",
            new { Email = HolderEmail(Number) });
        Assert.That(tokenHashes, Is.Not.Empty);

        var (export, text) = await ExportAsync(holder);

        Assert.Multiple(() =>
        {
            Assert.That(export["certifications"]!.AsArray().Single()!["ceActivities"]!.AsArray(), Is.Empty);
            Assert.That(text, Does.Not.Contain(passwordHash));
            foreach (var tokenHash in tokenHashes)
            {
                Assert.That(text, Does.Not.Contain(tokenHash).IgnoreCase);
            }

            Assert.That(text, Does.Not.Contain("password").IgnoreCase.And.Not.Contain("token").IgnoreCase);
        });
    }

    [Test]
    public async Task Signed_out_there_is_nothing_to_export()
        => await AssertProblemAsync(await Anonymous().GetAsync("/api/v1/me/data-export"), HttpStatusCode.Unauthorized);
}
