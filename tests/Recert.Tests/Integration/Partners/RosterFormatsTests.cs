using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using nietras.SeparatedValues;
using Recert.Tests.Support;

namespace Recert.Tests.Integration.Partners;

/// <summary>Rosters as offices send them: files written by real CSV and Excel libraries, uploaded raw or from a form.</summary>
public sealed class RosterFormatsTests : PartnerTest
{
    const string MunozNfd = "Mun\u0303oz";

    static readonly string[] Header = ["externalId", "courseCode", "certificationNumber", "lastName", "completedOn"];

    /// <summary>A CSV as European Excel writes it: ';' separators, a BOM, CRLF, a quoted field holding the separator.</summary>
    static byte[] SemicolonCsv(params string[][] rows)
    {
        var text = new StringBuilder();
        using (var writer = Sep.New(';').Writer(o => o with { Escape = true }).To(text))
        {
            foreach (var row in rows)
            {
                using var written = writer.NewRow();
                for (var i = 0; i < Header.Length; i++)
                {
                    written[Header[i]].Set(row[i]);
                }
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString().Replace("\r\n", "\n").Replace("\n", "\r\n"))];
    }

    static byte[] Workbook(IEnumerable<Dictionary<string, object>> rows)
    {
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, rows, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    static HttpRequestMessage Raw(byte[] content, string contentType, string route = "/api/v1/completions/roster", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    static HttpRequestMessage Form(byte[] content, string fileName, string fileType, string? dateFormat = null, string route = "/api/v1/completions/roster")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(fileType);
        form.Add(file, "file", fileName);
        if (dateFormat is not null)
        {
            form.Add(new StringContent(dateFormat), "dateFormat");
        }

        return new HttpRequestMessage(HttpMethod.Post, route) { Content = form };
    }

    static async Task<JsonArray> ResultsAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await ReadJsonAsync(response))["results"]!.AsArray();
    }

    [Test]
    public async Task A_semicolon_CSV_from_a_CSV_library_with_an_NFD_name_is_recorded_as_the_JSON_batch_would_be()
    {
        await HolderAsync("CPT-500", Expiry);
        await CreateCertificationAsync(await StaffAsync(), "CPT-600", HolderEmail("CPT-600"), Expiry.AddYears(-2).AddDays(1), Expiry, lastName: "Mu\u00F1oz");
        var provider = await ProviderAsync();
        var csv = SemicolonCsv(
            ["eu-1", "KB-101", "CPT-600", MunozNfd, "01/03/2026"],
            ["eu-2", "KB-101", "CPT-500", "Rivera; Jr", "02/03/2026"],
            ["eu-3", "KB-101", "CPT-500", "Rivera", "13/13/2026"],
            ["eu-4", "KB-101", "CPT-500", "Rivera", "2026-03-04"]);
        Assert.That(Encoding.UTF8.GetString(csv), Does.Contain("\"Rivera; Jr\""), "the library quoted the field holding the separator");

        var results = await ResultsAsync(await provider.Client.SendAsync(Form(csv, "roster.csv", "application/vnd.ms-excel", "dd/MM/yyyy")));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(Outcome), Is.EqualTo(new[] { "accepted", "rejected", "rejected", "accepted" }));
            Assert.That(Code(results[1]), Is.EqualTo("learner.name-mismatch"), "the quoted ';' stayed inside the name");
            Assert.That(Code(results[2]), Is.EqualTo("record.invalid"));
            Assert.That(results[2]!["message"]!.GetValue<string>(), Does.Contain("DD/MM/YYYY"));
        });
        Assert.That((await ProviderLedgerAsync("CPT-600")).Single().CompletedOn, Is.EqualTo(new DateOnly(2026, 3, 1)), "01/03 read as dd/MM, as declared");
        Assert.That((await ProviderLedgerAsync("CPT-500")).Single().CompletedOn, Is.EqualTo(new DateOnly(2026, 3, 4)));

        // Without a dateFormat a text date other than ISO is never guessed.
        var undeclared = await ResultsAsync(await provider.Client.SendAsync(Raw(SemicolonCsv(["eu-5", "KB-101", "CPT-500", "Rivera", "05/03/2026"]), "text/csv; charset=utf-8")));
        Assert.That(Code(undeclared[0]), Is.EqualTo("record.invalid"));
    }

    [Test]
    public async Task The_same_rows_as_CSV_xlsx_and_JSON_give_the_same_records()
    {
        await HolderAsync("CPT-500", Expiry);
        var rows = new[]
        {
            new[] { "r-1", "KB-101", "CPT-500", "Rivera", "2026-03-01" },
            ["r-2", "KB-101", "CPT-404", "O'Neil", "2026-03-02"],
            ["r-3", "NOPE", "CPT-500", "Rivera", "2026-03-03"],
            ["r-4", "KB-101", "CPT-500", "Rivera", "2026-13-03"],
            ["r/5", "KB-101", "CPT-500", "Rivera", "2026-03-05"],
        };

        async Task<string[]> OutcomesAsync(HttpResponseMessage response)
            => (await ResultsAsync(response)).Select(r => $"{r!["externalId"]}|{Outcome(r)}|{Code(r)}|{r!["message"]}").ToArray();

        var json = await ProviderAsync("Json Academy");
        var fromJson = await OutcomesAsync(await json.Client.SendAsync(Batch(rows.Select(r => Record(r[0], r[2], r[3], r[1], r[4])).ToArray())));

        var comma = await ProviderAsync("Csv Academy");
        var csvText = string.Join("\n", new[] { string.Join(',', Header) }.Concat(rows.Select(r => string.Join(',', r))));
        var fromCsv = await OutcomesAsync(await comma.Client.SendAsync(Raw(Encoding.UTF8.GetBytes(csvText), "text/plain")));

        var excel = await ProviderAsync("Excel Academy");
        var workbook = Workbook(rows.Select(r => Header.Zip(r).ToDictionary(p => p.First, p => (object)p.Second)));
        var fromXlsx = await OutcomesAsync(await excel.Client.SendAsync(Raw(workbook, "application/octet-stream")));

        Assert.That(fromJson.Select(o => o.Split('|')[1]), Is.EqualTo(new[] { "accepted", "pending-learner", "rejected", "rejected", "rejected" }));
        Assert.That(fromCsv, Is.EqualTo(fromJson));
        Assert.That(fromXlsx, Is.EqualTo(fromJson));
        Assert.That(fromJson[4], Does.Contain("must not contain '/'"));
    }

    [Test]
    public async Task An_xlsx_from_an_Excel_library_with_date_cells_and_text_dates_is_read_from_its_first_sheet()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync("Acme", "KB-101", "KB-102", "KB-103");
        var workbook = Workbook(
        [
            new() { ["Certification Number"] = "ignored", ["externalId"] = "x-1", ["courseCode"] = "KB-101", ["certificationNumber"] = "CPT-500", ["lastName"] = "RIVERA ", ["completedOn"] = new DateTime(2026, 3, 1) },
            new() { ["Certification Number"] = "", ["externalId"] = "x-2", ["courseCode"] = "KB-102", ["certificationNumber"] = "CPT-500", ["lastName"] = "Rivera", ["completedOn"] = "03/02/2026" },
            new() { ["Certification Number"] = "", ["externalId"] = "x-3", ["courseCode"] = "KB-103", ["certificationNumber"] = "CPT-500", ["lastName"] = "Rivera", ["completedOn"] = "2026-03-03" },
        ]);

        var results = await ResultsAsync(await provider.Client.SendAsync(Form(workbook, "roster.csv", "text/csv", "MM/dd/yyyy")));

        Assert.That(results.Select(Outcome), Is.EqualTo(new[] { "accepted", "accepted", "accepted" }), "the content decides, not the file name or type");
        Assert.That((await ProviderLedgerAsync("CPT-500")).Select(e => e.CompletedOn),
            Is.EqualTo(new[] { new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3) }));
    }

    [Test]
    public async Task Bad_files_are_problems_and_nothing_is_recorded()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();

        await AssertProblemAsync(await provider.Client.SendAsync(Raw(PdfBytes.Concat(new byte[] { 0, 1, 2 }).ToArray(), "text/csv")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"u8.ToArray(), "text/csv")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "application/vnd.ms-excel")), HttpStatusCode.UnsupportedMediaType);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw("PK\u0003\u0004 not really a zip"u8.ToArray(), "application/octet-stream")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw(Encoding.Latin1.GetBytes("externalId,courseCode,certificationNumber,lastName,completedOn\nl-1,KB-101,CPT-500,Mu\u00F1oz,2026-03-01\n"), "text/csv")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw("externalId,courseCode\n"u8.ToArray(), "text/csv")), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw(SemicolonCsv(["a", "KB-101", "CPT-500", "Rivera", "2026-03-01"]), "image/png")), HttpStatusCode.UnsupportedMediaType);
        var badFormat = new HttpRequestMessage(HttpMethod.Post, "/api/v1/completions/roster?dateFormat=auto") { Content = new StringContent("externalId,courseCode,certificationNumber,lastName,completedOn\na,KB-101,CPT-500,Rivera,2026-03-01", Encoding.UTF8, "text/csv") };
        await AssertProblemAsync(await provider.Client.SendAsync(badFormat), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await provider.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/completions/roster") { Content = new MultipartFormDataContent { { new StringContent("x"), "note" } } }), HttpStatusCode.BadRequest);
        using (var bomb = new MemoryStream())
        {
            using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            await using (var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 70; i++)
                {
                    await sheet.WriteAsync(zeros);
                }
            }

            Assert.That(bomb.Length, Is.LessThan(RosterLimit), "a zip bomb fits the upload limit");
            var problem = await AssertProblemAsync(await provider.Client.SendAsync(Form(bomb.ToArray(), "roster.xlsx", RosterUploadXlsx)), HttpStatusCode.BadRequest);
            Assert.That(problem["errors"]!["file"]![0]!.GetValue<string>(), Does.Contain("unpacks"));
        }

        var tooBig = new byte[RosterLimit + 1];
        Array.Fill(tooBig, (byte)'a');
        await AssertProblemAsync(await provider.Client.SendAsync(Form(tooBig, "big.csv", "text/csv")), HttpStatusCode.RequestEntityTooLarge);
        await AssertProblemAsync(await provider.Client.SendAsync(Raw(tooBig, "text/csv")), HttpStatusCode.RequestEntityTooLarge);

        Assert.That(await ProviderLedgerAsync("CPT-500"), Is.Empty);
    }

    const int RosterLimit = 2 * 1024 * 1024;
    const string RosterUploadXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    [Test]
    public async Task A_tab_separated_file_and_the_old_csv_route_work_and_a_quoted_Idempotency_Key_is_the_bare_one()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var tsv = Encoding.UTF8.GetBytes("externalId\tcourseCode\tcertificationNumber\tlastName\tcompletedOn\r\nt-1\tKB-101\tCPT-500\tRivera\t2026-03-01\r\n");

        var first = await provider.Client.SendAsync(Raw(tsv, "application/csv", "/api/v1/completions/csv", idempotencyKey: "\"roster-7\""));
        Assert.That((await ResultsAsync(first)).Select(Outcome), Is.EqualTo(new[] { "accepted" }));
        var replay = await provider.Client.SendAsync(Raw(tsv, "application/csv", "/api/v1/completions/csv", idempotencyKey: "roster-7"));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));

        // Keys are bound to the file and its options, not to a form's boundary: the same file from a form replays too.
        var batchKey = Batch([Record("k-1")], idempotencyKey: "\"batch-1\"");
        Assert.That((await ResultsAsync(await provider.Client.SendAsync(batchKey))).Select(Outcome), Is.EqualTo(new[] { "accepted" }));
        var bare = await provider.Client.SendAsync(Batch([Record("k-1")], idempotencyKey: "batch-1"));
        Assert.That(bare.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        await AssertProblemAsync(await provider.Client.SendAsync(Batch([Record("k-2")], idempotencyKey: "\"batch-1\"")), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(await provider.Client.SendAsync(Batch([Record("k-3")], idempotencyKey: "\"a\"b\"")), HttpStatusCode.BadRequest);
        Assert.That(await ProviderLedgerAsync("CPT-500"), Has.Count.EqualTo(2));
    }

    [TestCase("with space")]
    [TestCase("percent%2Fliteral")]
    [TestCase("q?x=1#frag")]
    [TestCase("caf\u00E9+plus")]
    [TestCase("back\\slash")]
    public async Task Every_accepted_externalId_is_addressable(string externalId)
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        Assert.That(Outcome((await PushAsync(provider.Client, Record(externalId)))[0]), Is.EqualTo("accepted"));

        var read = await provider.Client.GetAsync("/api/v1/completions/" + Uri.EscapeDataString(externalId));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), await read.Content.ReadAsStringAsync());
        Assert.That((await ReadJsonAsync(read))["externalId"]!.GetValue<string>(), Is.EqualTo(externalId));
        var voided = await provider.Client.DeleteAsync("/api/v1/completions/" + Uri.EscapeDataString(externalId));
        Assert.That(voided.StatusCode, Is.EqualTo(HttpStatusCode.OK), await voided.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_externalId_with_a_slash_is_refused_at_ingest_in_every_format()
    {
        await HolderAsync("CPT-500", Expiry);
        var provider = await ProviderAsync();
        var json = await PushAsync(provider.Client, Record("a/b"));
        var csv = await ResultsAsync(await provider.Client.SendAsync(Raw(Encoding.UTF8.GetBytes("externalId,courseCode,certificationNumber,lastName,completedOn\nc/d,KB-101,CPT-500,Rivera,2026-03-01\n"), "text/csv")));
        Assert.That(new[] { json[0], csv[0] }.Select(Code), Is.All.EqualTo("record.invalid"));
        Assert.That(await ProviderLedgerAsync("CPT-500"), Is.Empty);
    }
}
