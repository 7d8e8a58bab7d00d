using System.Globalization;
using System.Text;
using MiniExcelLibs;
using nietras.SeparatedValues;
using Recert.Api.Domain;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Completions;

public enum RosterFormat
{
    Csv,
    Xlsx,
}

/// <param name="DateFormat">How text dates are written in this upload; ISO 8601 is always understood, nothing is guessed.</param>
public sealed record RosterOptions(RosterDateFormat DateFormat = RosterDateFormat.Iso);

/// <summary>A roster read into the records the JSON batch uses; a row's problem is that record's <see cref="CompletionRecord.Error"/>.</summary>
public sealed record Roster(RosterFormat Format, IReadOnlyList<CompletionRecord> Records);

/// <summary>
/// Rosters as offices send them: a CSV file (UTF-8, with or without BOM, separator ',' ';' or tab detected from the header
/// row, quoted fields, CRLF or LF) or an Excel .xlsx workbook (first sheet, header row, date cells or text dates). The
/// format is decided by the content, never by a file name or a declared type. The header names the five columns in any
/// order (case-insensitive); other columns are ignored. Only the envelope fails the whole roster (400); each row is checked
/// on its own exactly like a JSON record, so the same rows sent any way give identical records.
/// </summary>
public static class RosterParser
{
    public const int MaxBytes = CompletionBatchReader.MaxBodyBytes;

    static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    static readonly byte[] Ole2Signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();

    /// <summary>What the bytes are: an .xlsx (a zip), CSV text, or neither (415).</summary>
    public static RosterFormat Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(ZipSignature))
        {
            return RosterFormat.Xlsx;
        }

        if (content.StartsWith(Ole2Signature))
        {
            throw new BadHttpRequestException("This is a legacy .xls workbook: save it as .xlsx or as CSV UTF-8.", StatusCodes.Status415UnsupportedMediaType);
        }

        // A PDF may begin with pages of plain text; without this it would be read as a CSV missing its columns (400).
        if (content.StartsWith(PdfSignature))
        {
            throw new BadHttpRequestException("This is a PDF: send the roster as CSV (UTF-8) or as an .xlsx workbook.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (content.IndexOf((byte)0) >= 0)
        {
            throw new BadHttpRequestException("The file is neither CSV text nor an .xlsx workbook.", StatusCodes.Status415UnsupportedMediaType);
        }

        return RosterFormat.Csv;
    }

    public static Roster Parse(ReadOnlyMemory<byte> content, RosterOptions options)
    {
        if (content.Length == 0)
        {
            throw new FieldException("file", $"The roster is empty: send a header row ({string.Join(',', CompletionBatchReader.Columns)}) and 1 to {CompletionBatchReader.MaxRecords} rows.");
        }

        if (content.Length > MaxBytes)
        {
            throw new BadHttpRequestException($"The roster is larger than {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        var format = Sniff(content.Span);
        var rows = format == RosterFormat.Xlsx ? XlsxRows(content) : CsvRows(content.Span);
        return new Roster(format, Records(rows, options));
    }

    public static Roster Parse(Stream content, RosterOptions options)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = content.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new BadHttpRequestException($"The roster is larger than {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), options);
    }

    /// <summary>A cell: text as written, or (Excel) a real date.</summary>
    readonly record struct Cell(string? Text, DateOnly? Date = null)
    {
        public bool IsEmpty => Date is null && string.IsNullOrWhiteSpace(Text);
    }

    static IReadOnlyList<CompletionRecord> Records(IEnumerable<IReadOnlyList<Cell>> source, RosterOptions options)
    {
        using var rows = source.Where(r => !r.All(c => c.IsEmpty)).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FieldException("file", $"The roster is empty: send a header row ({string.Join(',', CompletionBatchReader.Columns)}) and 1 to {CompletionBatchReader.MaxRecords} rows.");
        }

        var header = rows.Current.Select(c => c.Text?.Trim() ?? "").ToList();
        var positions = CompletionBatchReader.Columns.ToDictionary(c => c, c => header.FindIndex(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase)));
        var missing = positions.Where(p => p.Value < 0).Select(p => p.Key).ToList();
        if (missing.Count > 0)
        {
            throw new FieldException("header", $"The header row lacks {string.Join(", ", missing)}; expected {string.Join(',', CompletionBatchReader.Columns)} (separated by ',', ';' or tab).");
        }

        var records = new List<CompletionRecord>();
        while (rows.MoveNext())
        {
            if (records.Count == CompletionBatchReader.MaxRecords)
            {
                throw new FieldException("file", $"Send 1 to {CompletionBatchReader.MaxRecords} rows in one roster (more sent).");
            }

            var row = rows.Current;
            var width = LastFilled(row) + 1;
            if (width > header.Count)
            {
                var externalId = row[positions["externalId"]].Text?.Trim();
                records.Add(new CompletionRecord(string.IsNullOrEmpty(externalId) ? null : externalId, null, null, null, null,
                    $"The row has {width} fields; the header has {header.Count}."));
                continue;
            }

            var values = positions.ToDictionary(p => p.Key, p => p.Value < row.Count ? Text(row[p.Value]) : null, StringComparer.OrdinalIgnoreCase);
            records.Add(CompletionBatchReader.FromFields(values, options.DateFormat));
        }

        if (records.Count == 0)
        {
            throw new FieldException("file", $"Send 1 to {CompletionBatchReader.MaxRecords} rows in one roster (0 sent).");
        }

        return records;
    }

    static int LastFilled(IReadOnlyList<Cell> row)
    {
        for (var i = row.Count - 1; i >= 0; i--)
        {
            if (!row[i].IsEmpty)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A date cell becomes ISO text, so it is checked exactly as a JSON record's completedOn.</summary>
    static string? Text(Cell cell) => cell.Date is { } date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : cell.Text;

    static List<IReadOnlyList<Cell>> CsvRows(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new FieldException("file", "The CSV file must be UTF-8 text (in Excel: Save As, \"CSV UTF-8\").");
        }

        var rows = new List<IReadOnlyList<Cell>>();
        try
        {
            // The separator is detected from the header row (',', ';', tab or '|'); rows may be ragged, which is reported per row.
            using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true, Trim = SepTrim.Outer })
                .FromText(text);
            foreach (var row in reader)
            {
                var cells = new Cell[row.ColCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = new Cell(row[i].ToString());
                }

                rows.Add(cells);
                if (rows.Count > CompletionBatchReader.MaxRecords + 1 + 1000)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            throw new FieldException("file", "The CSV file could not be read: check its quotes.");
        }

        return rows;
    }

    /// <summary>A 2 MB workbook of 1,000 rows unpacks to a few MB; far more is a zip bomb, refused before it is read.</summary>
    public const long MaxUnpackedBytes = 64L * 1024 * 1024;

    static List<IReadOnlyList<Cell>> XlsxRows(ReadOnlyMemory<byte> content)
    {
        var rows = new List<IReadOnlyList<Cell>>();
        try
        {
            using var stream = new MemoryStream(content.ToArray(), writable: false);
            using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true))
            {
                if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes || zip.Entries.Count > 1000)
                {
                    throw new FieldException("file", "The workbook unpacks to more than a roster can hold; send at most 1,000 rows on the first sheet.");
                }
            }

            stream.Position = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                rows.Add(row.Values.Select(ToCell).ToList());
                if (rows.Count > CompletionBatchReader.MaxRecords + 1 + 1000)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is not BadHttpRequestException and not FieldException and not OperationCanceledException)
        {
            throw new FieldException("file", "The file looks like an .xlsx workbook but could not be read; save it again from Excel, or as CSV UTF-8.");
        }

        return rows;
    }

    static Cell ToCell(object? value) => value switch
    {
        null => new Cell(null),
        DateTime dateTime => new Cell(null, DateOnly.FromDateTime(dateTime)),
        DateOnly date => new Cell(null, date),
        string text => new Cell(text),
        IFormattable number => new Cell(number.ToString(null, CultureInfo.InvariantCulture)),
        _ => new Cell(value.ToString()),
    };
}
