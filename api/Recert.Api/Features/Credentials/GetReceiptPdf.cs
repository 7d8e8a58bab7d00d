using System.Globalization;
using System.Text.Json;
using Dapper;
using MediatR;
using Microsoft.Extensions.Options;
using Npgsql;
using PdfSharp;
using PdfSharp.Drawing;
using Recert.Api.Domain;
using Recert.Api.Features.Checkout;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Credentials;

/// <summary>A receipt as PDF, for its payer or staff; anyone else's is 404.</summary>
public sealed record GetReceiptPdfQuery(Guid Id) : IQuery<PdfFile>;

internal sealed class GetReceiptPdfHandler(NpgsqlDataSource dataSource, ICurrentUser currentUser, OrganisationClock clock, IOptions<CredentialOptions> options)
    : IRequestHandler<GetReceiptPdfQuery, PdfFile>
{
    sealed record Row(Guid Id, long AmountCents, string Currency, string Items, string GatewayReference, DateTime PaidAt, string FirstName, string LastName, string Email);

    public async Task<PdfFile> Handle(GetReceiptPdfQuery request, CancellationToken cancellationToken)
    {
        const string sql = """
            select r.id, r.amount_cents, r.currency, r.items::text as items, r.gateway_reference, r.paid_at, u.first_name, u.last_name, u.email
            from receipts r join users u on u.id = r.user_id
            where r.id = @Id and (@IsStaff or r.user_id = @UserId)
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                      sql, new { request.Id, currentUser.IsStaff, UserId = currentUser.Id }, cancellationToken: cancellationToken))
                  ?? throw new NotFoundException("No such receipt was found for this account.");
        var items = JsonSerializer.Deserialize<List<CartItemResponse>>(row.Items, Json.Options)!;
        var paidAt = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(row.PaidAt, DateTimeKind.Utc)), clock.Zone);
        return new PdfFile(Render(row, items, HumanDates.Moment(paidAt, clock.TimeZoneLabel), options.Value), $"receipt-{row.Id}.pdf");
    }

    public static string Money(long cents, string currency)
        => $"{currency} {(cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture)}";

    static byte[] Render(Row row, IReadOnlyList<CartItemResponse> items, string paidAt, CredentialOptions options)
    {
        using var document = CertificateDocuments.NewDocument($"Receipt {row.Id}");
        var page = document.AddPage();
        page.Size = PageSize.Letter;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var left = 60.0;
            var y = 60.0;
            void Line(string text, XFont font, double x = 0, double advance = 16, XStringFormat? format = null, double? boxWidth = null)
            {
                gfx.DrawString(text, font, XBrushes.Black, new XRect(left + x, y, boxWidth ?? width - 2 * left - x, font.Size * 1.3), format ?? XStringFormats.TopLeft);
                y += advance;
            }

            Line(options.OrganisationName, CertificateDocuments.Font(16, bold: true), advance: 22);
            foreach (var addressLine in options.OrganisationAddress.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Line(addressLine, CertificateDocuments.Font(10), advance: 14);
            }

            y += 20;
            Line("Receipt", CertificateDocuments.Font(22, bold: true), advance: 34);
            Line($"Receipt number: {row.Id}", CertificateDocuments.Font(10), advance: 14);
            Line($"Paid: {paidAt}", CertificateDocuments.Font(10), advance: 14);
            Line($"Payment reference: {row.GatewayReference}", CertificateDocuments.Font(10), advance: 14);
            Line($"Currency: {row.Currency}", CertificateDocuments.Font(10), advance: 24);
            Line("Paid by", CertificateDocuments.Font(10, bold: true), advance: 14);
            Line($"{row.FirstName} {row.LastName}", CertificateDocuments.Font(10), advance: 14);
            Line(row.Email, CertificateDocuments.Font(10), advance: 28);

            gfx.DrawLine(XPens.Black, left, y, width - left, y);
            y += 8;
            foreach (var item in items)
            {
                var top = y;
                Line($"{item.Description} ({item.Number})", CertificateDocuments.Font(11, bold: true), advance: 16, boxWidth: width - 2 * left - 120);
                y = top;
                Line(Money(item.AmountCents, item.Currency), CertificateDocuments.Font(11, bold: true), advance: 16, format: XStringFormats.TopRight);
                foreach (var fee in item.Fees)
                {
                    var feeTop = y;
                    Line(FeeCodes.Label(fee.Code), CertificateDocuments.Font(9), x: 16, advance: 13);
                    y = feeTop;
                    Line(Money(fee.AmountCents, item.Currency), CertificateDocuments.Font(9), advance: 13, format: XStringFormats.TopRight);
                }

                y += 6;
            }

            gfx.DrawLine(XPens.Black, left, y, width - left, y);
            y += 8;
            var totalTop = y;
            Line("Total paid", CertificateDocuments.Font(12, bold: true));
            y = totalTop;
            Line(Money(row.AmountCents, row.Currency), CertificateDocuments.Font(12, bold: true), format: XStringFormats.TopRight);
        }

        return CertificateDocuments.Save(document);
    }
}
