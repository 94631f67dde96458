namespace EdgeController.Conformance.Tests;

/// <summary>The checker itself: it must catch what the nano subset lacks and pass what it has.</summary>
public sealed class NanoSubsetCheckerTests
{
    private static IReadOnlyList<NanoViolation> CheckSnippet(string body, string members = "", bool forbidFloatingPoint = true)
    {
        string source = $$"""
            namespace Probe
            {
                public sealed class Sample
                {
                    {{members}}
                    public void Run()
                    {
                        {{body}}
                    }
                }
            }
            """;
        return NanoSubsetChecker.Check([("Probe.cs", source)], NanoApiTestLists.Lists, forbidFloatingPoint);
    }

    [NanoApiTheory]
    [InlineData("var list = new System.Collections.Generic.List<int>(); list.Add(1);", "generic type")]
    [InlineData("double ratio = 0.5; ratio = ratio * 2;", "no floating point")]
    [InlineData("float gain = 1f; gain++;", "no floating point")]
    [InlineData("decimal money = 1m; money++;", "decimal")]
    [InlineData("int? maybe = null; maybe = 3;", "nullable value type")]
    [InlineData("var pair = (1, 2); pair.Item1++;", "tuples")]
    [InlineData("int[,] grid = new int[2, 2]; grid[0, 0] = 1;", "multi-dimensional")]
    [InlineData("int[] values = { 3, 1 }; int first = System.Linq.Enumerable.First(values); first++;", "System.Linq")]
    [InlineData("int magnitude = System.Math.Abs(-3); magnitude++;", "System.Math")]
    [InlineData("string line = System.Console.ReadLine(); line = line + \"x\";", "System.Console::ReadLine")]
    [InlineData("System.Span<byte> bytes = new byte[2]; bytes[0] = 1;", "generic type")]
    [InlineData("var builder = new System.Text.StringBuilder(); builder.Append('x');", "")]
    public void Snippet_IsJudgedAsExpected(string body, string expectedViolation)
    {
        IReadOnlyList<NanoViolation> violations = CheckSnippet(body);

        if (expectedViolation.Length == 0)
        {
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
        else
        {
            Assert.Contains(violations, violation => violation.Message.Contains(expectedViolation, StringComparison.Ordinal));
        }
    }

    [NanoApiFact]
    public void AsyncMethod_IsRefused()
    {
        IReadOnlyList<NanoViolation> violations = CheckSnippet("", "public async System.Threading.Tasks.Task WaitAsync() { await System.Threading.Tasks.Task.Delay(1); }");

        Assert.Contains(violations, violation => violation.Message.Contains("async", StringComparison.Ordinal));
    }

    [NanoApiFact]
    public void GenericMethodAndRecord_AreRefused()
    {
        IReadOnlyList<NanoViolation> violations = CheckSnippet("", "public T Echo<T>(T value) { return value; } public record Point(int X);");

        Assert.Contains(violations, violation => violation.Message.Contains("generic declarations", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Message.Contains("records", StringComparison.Ordinal));
    }

    [NanoApiFact]
    public void EverydayNanoCode_Passes()
    {
        const string body = """
            byte[] source = new byte[4];
            byte[] copy = new byte[4];
            System.Array.Copy(source, 0, copy, 0, source.Length);
            string text = "seq=" + copy.Length.ToString();
            int index = text.IndexOf('=');
            object gate = new object();
            lock (gate)
            {
                index++;
            }

            if (index < 0)
            {
                throw new System.ArgumentOutOfRangeException("index", "negative");
            }

            System.Console.WriteLine(text.Substring(index) + $" {index}");
            """;

        IReadOnlyList<NanoViolation> violations = CheckSnippet(body);

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
