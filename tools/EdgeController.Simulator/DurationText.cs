using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeController.Simulator;

/// <summary>Durations as people type them: "90s", "10m", "2h", "1d", "1h30m", "500ms".</summary>
public static partial class DurationText
{
    /// <summary>Parses text; error says what a valid one looks like.</summary>
    public static bool TryParse(string text, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = "";
        Match match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            error = $"'{text}' is not a duration; use a number with a unit, e.g. 500ms, 90s, 10m, 2h, 1d or 1h30m";
            return false;
        }

        foreach (Capture capture in match.Groups["part"].Captures)
        {
            Match part = PartPattern().Match(capture.Value);
            double amount = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            duration += part.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        if (duration <= TimeSpan.Zero)
        {
            error = $"'{text}' must be longer than zero";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h|d))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h|d)$")]
    private static partial Regex PartPattern();
}
