using EdgeController.Bench;

// Bad input (an unknown option, a missing or malformed trace) is the user's to fix: one line that
// says what is wrong and exit code 2, not a stack trace.
try
{
    return BenchCommand.Run(args, Console.Out);
}
catch (Exception error) when (error is ArgumentException or FormatException or InvalidDataException or IOException)
{
    Console.Error.WriteLine($"ec-bench: {error.Message}");
    return 2;
}
