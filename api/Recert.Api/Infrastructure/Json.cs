using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Recert.Api.Infrastructure;

/// <summary>Enums travel as kebab-case strings, in JSON and in the database alike.</summary>
public static class Json
{
    public static JsonStringEnumConverter EnumConverter() => new(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(EnumConverter());
    }

    /// <summary>Request bodies: as <see cref="Configure"/>, and what a client leaves out is never taken for a choice.</summary>
    public static void ConfigureRequests(JsonSerializerOptions options)
    {
        Configure(options);
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireEnumsNumbersAndFlags } };
    }

    // A request record's enum, number or flag left out of the body would otherwise bind as the first member, 0 or false and
    // be stored as if chosen (an activity's area, a card's kind, a fee of 0 cents, an issuer un-retired): such a parameter
    // is required unless it is nullable or has a default. Dates and ids are left to the validators, whose NotEmpty rules
    // say in words what to enter. Not for stored JSON, which an older version may have written without a newer field.
    static void RequireEnumsNumbersAndFlags(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if ((property.PropertyType.IsEnum || NumberAndFlagTypes.Contains(property.PropertyType)) && property.AssociatedParameter is { HasDefaultValue: false })
            {
                property.IsRequired = true;
            }
        }
    }

    static readonly FrozenSet<Type> NumberAndFlagTypes = new[] { typeof(int), typeof(long), typeof(decimal), typeof(double), typeof(bool) }.ToFrozenSet();

    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}

public static class EnumText
{
    static readonly ConcurrentDictionary<Enum, string> Texts = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum
        => Texts.GetOrAdd(value, v => JsonSerializer.Serialize((TEnum)v, Json.Options).Trim('"'));

    // Stored values are always the exact wire names; anything else takes the serializer's path (and its errors).
    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum
        => ByText<TEnum>.Values.TryGetValue(text, out var value) ? value : JsonSerializer.Deserialize<TEnum>($"\"{text}\"", Json.Options);

    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            value = Parse<TEnum>(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);

    static class ByText<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<string, TEnum> Values = Enum.GetValues<TEnum>().ToFrozenDictionary(Of, StringComparer.Ordinal);
    }
}
