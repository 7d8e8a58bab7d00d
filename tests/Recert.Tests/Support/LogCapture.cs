using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Recert.Tests.Support;

/// <summary>Records every log entry of every category at Trace, whatever the app's configured levels.</summary>
[ProviderAlias("Capture")]
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Text);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        // A rule for this provider wins over the configuration's rules for all providers (e.g. "Microsoft.AspNetCore": Warning).
        services.Configure<LoggerFilterOptions>(options => options.AddFilter<LogCapture>(null, LogLevel.Trace));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.Entries.Enqueue(new Entry(logLevel, category, $"{formatter(state, exception)} | {values} | {exception}"));
        }
    }
}
