using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Recert.Api.Infrastructure.Security;

/// <summary>
/// The Data Protection key ring in PostgreSQL (table data_protection_keys): every API instance on the database shares
/// it, and it survives restarts and redeployments without a folder to keep. Data Protection calls these synchronously.
/// </summary>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        const string sql = "select xml from data_protection_keys order by id";
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>(sql).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        const string sql = """
            insert into data_protection_keys (friendly_name, xml) values (@FriendlyName, @Xml)
            on conflict (friendly_name) do nothing
            """;
        using var connection = dataSource.OpenConnection();
        connection.Execute(sql, new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}

public static class DataProtectionKeys
{
    /// <summary>
    /// Keys in PostgreSQL; when Recert:DataProtection:CertificatePath names a PFX, the keys are also encrypted with
    /// its certificate (so a database dump alone does not reveal them).
    /// </summary>
    public static void AddRecertDataProtection(IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName("Recert");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new PostgresXmlRepository(provider.GetRequiredService<NpgsqlDataSource>())));

        if (configuration["Recert:DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Recert:DataProtection:CertificatePassword"]);
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
    }
}
