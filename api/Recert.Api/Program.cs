using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;
using Recert.Api.Features.Accounts;
using Recert.Api.Features.Applications;
using Recert.Api.Features.Auth;
using Recert.Api.Features.Certifications;
using Recert.Api.Features.Checkout;
using Recert.Api.Features.CprAed;
using Recert.Api.Features.Credentials;
using Recert.Api.Features.Documents;
using Recert.Api.Features.Fees;
using Recert.Api.Features.Notifications;
using Recert.Api.Features.Organisation;
using Recert.Api.Features.Providers;
using Recert.Api.Features.Sessions;
using Recert.Api.Infrastructure;
using Recert.Api.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;
var configuration = builder.Configuration;

Database.ConfigureDapper();
services.Configure<OrganisationOptions>(configuration.GetSection("Recert:Organisation"));
services.Configure<BootstrapStaffOptions>(configuration.GetSection("Recert:BootstrapStaff"));
services.Configure<DemoDataOptions>(configuration.GetSection("Recert:DemoData"));
services.AddSingleton(TimeProvider.System);
services.AddSingleton<OrganisationClock>();
services.AddHttpContextAccessor();
services.AddScoped<ICurrentUser, HttpCurrentUser>();

var connectionString = configuration.GetConnectionString("Recert")
    ?? throw new InvalidOperationException("Set ConnectionStrings:Recert (env ConnectionStrings__Recert).");
services.AddNpgsqlDataSource(connectionString, Database.Tune);
services.AddReadReplica(configuration);

services.Configure<PasswordHasherOptions>(options => options.IterationCount = 210_000);
services.AddSingleton<IPasswordHasher<object>, PasswordHasher<object>>();

services.AddRecertMediator();
services.AddRenewal(configuration);
services.AddAccounts(configuration);
services.AddDocuments(configuration);
services.AddAutoMapper(options => options.LicenseKey = configuration["AutoMapper:LicenseKey"], typeof(Program));

services.ConfigureHttpJsonOptions(options => Json.ConfigureRequests(options.SerializerOptions));
services.Configure<JsonOptions>(options => Json.Configure(options.JsonSerializerOptions));
services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
    // The framework's own 415 (a JSON endpoint sent a form, or the reverse) comes without a word of why.
    if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
    {
        var type = context.HttpContext.Request.ContentType ?? "(none)";
        context.ProblemDetails.Detail = $"This endpoint does not take a body of type '{(type.Length > 100 ? type[..100] + "…" : type)}'. " +
                                        "JSON requests need Content-Type: application/json; uploads are multipart/form-data (see /swagger).";
    }
});
services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(options =>
    {
        options.Cookie.Name = SessionClaims.CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign in first.");
        options.Events.OnRedirectToAccessDenied = context => Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Your role does not allow this.");
    });
services.AddAuthorizationBuilder()
    .AddPolicy(Policies.Staff, policy => policy.RequireRole(Roles.Staff))
    .AddPolicy(Policies.Certificant, policy => policy.RequireRole(Roles.Certificant));

var authPermitsPerMinute = configuration.GetValue("Recert:RateLimits:AuthPerMinute", 30);
services.AddRateLimiter(options =>
{
    options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    options.OnRejected = async (context, cancellationToken) =>
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        }

        await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests: wait and try again.");
    };
    // Counted in PostgreSQL, so every API instance shares the limit; the per-account throttle is LoginThrottle.
    options.AddPolicy("auth", context => PostgresRateLimitCounter.PerClientAddress("auth", context, authPermitsPerMinute, TimeSpan.FromMinutes(1)));
});

services.AddEndpointsApiExplorer();
services.AddSwaggerGen(options =>
{
    options.SwaggerDoc("v1", new OpenApiInfo
    {
        Title = "Recert API",
        Version = "v1",
        Description = "Recertification of certified personal trainers: certificants, staff, course providers and LMSs. " +
                      "Dates are calendar dates in the organisation's time zone; money is in integer cents; CEUs are decimals.",
    });
    options.CustomSchemaIds(type => type.FullName!.Replace("Recert.Api.", string.Empty).Replace("Features.", string.Empty).Replace('+', '.')
        .Split('.').Last());
    options.SupportNonNullableReferenceTypes();
    // A nullable property of a schema type is told as nullable (allOf + nullable), not as an always-present object.
    options.UseAllOfToExtendReferenceSchemas();
    options.OperationFilter<ProblemAnswersInOpenApi>();
    // Open Badges / JWKS documents are JSON of their own specifications: any JSON, not the members of System.Text.Json's node types.
    options.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema());
    options.MapType<System.Text.Json.Nodes.JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema() });
    options.AddSecurityDefinition("cookie", new OpenApiSecurityScheme
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Cookie,
        Name = SessionClaims.CookieName,
        Description = "Session cookie set by POST /api/v1/auth/login.",
    });
});

services.AddPartners(configuration);
services.AddRecertSecurity(configuration);
services.AddCapacity(configuration);
services.AddRecertTelemetry(configuration);
services.AddSessions(configuration);
services.AddCredentials(configuration);

var app = builder.Build();

if (!configuration.GetValue("Recert:SkipMigrations", false))
{
    await PrepareDatabaseAsync(app);
}

app.UseRecertSecurity();
app.UseExceptionHandler();
app.UseStaticCompression();
app.UseStatusCodePages();
app.UseAdmissionControl();
app.UsePartnerKeyRateLimitIdentity();
app.UseCsrfProtection();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseQueryTextRules();

if (configuration.GetValue("Recert:Swagger:Enabled", true))
{
    app.UseSwagger();
    app.UseSwaggerUI(options => options.SwaggerEndpoint("/swagger/v1/swagger.json", "Recert API v1"));
}

app.MapRecertHealthChecks();
app.MapAuthEndpoints();
app.MapSessionsEndpoints();
app.MapAccountEndpoints();
app.MapCertificationEndpoints();
app.MapOrganisationEndpoints();
app.MapCprAedEndpoints();
app.MapDocumentEndpoints();
app.MapFeeScheduleEndpoints();
app.MapApplicationEndpoints();
app.MapRenewalEndpoints();
app.MapPartnerEndpoints();
app.MapCredentialEndpoints();
app.MapNotificationEndpoints();
if (configuration.GetValue("Recert:Bench:BaselineEndpoint", false))
{
    app.MapBenchBaseline();
}

ServeSpa(app, configuration["Recert:SpaPath"]);

app.Run();

static async Task PrepareDatabaseAsync(WebApplication app)
{
    var services = app.Services;
    var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("Recert")!;
    await using var startupLock = await Database.StartupLockAsync(connectionString);
    Database.Migrate(connectionString, services.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations"));

    var dataSource = services.GetRequiredService<NpgsqlDataSource>();
    var hasher = services.GetRequiredService<IPasswordHasher<object>>();
    await ReferenceData.EnsureAsync(dataSource);
    await ReferenceData.EnsureBootstrapStaffAsync(dataSource, services.GetRequiredService<IOptions<BootstrapStaffOptions>>().Value, hasher);

    var demo = services.GetRequiredService<IOptions<DemoDataOptions>>().Value;
    if (demo.Enabled)
    {
        await DemoData.EnsureAsync(dataSource, demo, hasher, services.GetRequiredService<OrganisationClock>().Today);
        await PartnerDemoData.EnsureAsync(dataSource, services.GetRequiredService<OrganisationClock>().Today, hasher);
    }
}

static void ServeSpa(WebApplication app, string? spaPath)
{
    if (string.IsNullOrWhiteSpace(spaPath) || !Directory.Exists(spaPath))
    {
        return;
    }

    var files = new PhysicalFileProvider(Path.GetFullPath(spaPath));
    app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
    app.UseStaticFiles(new StaticFileOptions { FileProvider = files, OnPrepareResponse = CapacitySetup.CacheHeaders });
    // Unknown /api paths stay 404 problem details; every other path is a route of the SPA. `nonfile` leaves paths
    // with a file extension (the built assets) to the static files middleware, which skips requests that matched an endpoint.
    app.MapFallbackToFile("{*path:regex(^(?!api/|swagger/).*$):nonfile}", "index.html", new StaticFileOptions { FileProvider = files, OnPrepareResponse = CapacitySetup.CacheHeaders });
}

public partial class Program;
