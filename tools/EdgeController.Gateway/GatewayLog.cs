using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace EdgeController.Gateway;

/// <summary>
/// The gateway's log: Microsoft.Extensions.Logging's simple console formatter, one line per event
/// with UTC time and level, all on stderr (stdout carries only a command's output).
/// </summary>
internal static class GatewayLog
{
    public static ILoggerFactory Create(LogLevel minimum) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(minimum);
        builder.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.IncludeScopes = false;
        });
        builder.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
