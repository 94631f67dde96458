namespace EdgeController.Conformance.Tests;

/// <summary>
/// The allow-list of shared/nano-api: public types (*.types.tsv, first column) and members
/// (*.members.txt, "Namespace.Type::Name(parameters)"). Members are matched by type, name and
/// number of parameters (optional and params parameters widen the accepted counts), which is as
/// far as the lists' mixed spelling of parameter types allows.
/// </summary>
public sealed class NanoApiLists
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Min, int Max)>> _members = new(StringComparer.Ordinal);

    /// <summary>Where the lists were read from.</summary>
    public string Folder { get; }

    private NanoApiLists(string folder) => Folder = folder;

    /// <summary>The lists' folder: $NANO_API_DIR, else ../shared/nano-api beside the repository, or null.</summary>
    public static string? FindFolder()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("NANO_API_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        string beside = Path.Combine(RepositoryPaths.Root, "..", "shared", "nano-api");
        return Directory.Exists(beside) ? Path.GetFullPath(beside) : null;
    }

    /// <summary>Loads every list in the folder.</summary>
    public static NanoApiLists Load(string folder)
    {
        NanoApiLists lists = new(folder);
        string[] typeFiles = Directory.GetFiles(folder, "*.types.tsv");
        string[] memberFiles = Directory.GetFiles(folder, "*.members.txt");
        if (typeFiles.Length == 0 || memberFiles.Length == 0)
        {
            throw new InvalidOperationException($"no *.types.tsv or *.members.txt in {folder}");
        }

        foreach (string line in typeFiles.SelectMany(File.ReadLines))
        {
            string name = line.Split('\t')[0].Trim();
            if (name.Length > 0)
            {
                lists._types.Add(name);
            }
        }

        foreach (string line in memberFiles.SelectMany(File.ReadLines))
        {
            lists.AddMember(line.Trim());
        }

        return lists;
    }

    /// <summary>Types listed.</summary>
    public int TypeCount => _types.Count;

    /// <summary>True when the type (full name, nested types joined by '+', generic arity as `n) is listed.</summary>
    public bool HasType(string fullName) => _types.Contains(fullName);

    /// <summary>True when Type::name is listed with an overload that takes argumentCount arguments.</summary>
    public bool HasMember(string typeFullName, string memberName, int argumentCount)
    {
        return _members.TryGetValue(typeFullName + "::" + memberName, out List<(int Min, int Max)>? overloads)
            && overloads.Any(overload => argumentCount >= overload.Min && argumentCount <= overload.Max);
    }

    /// <summary>True when Type::name is listed at all (for properties, fields and events).</summary>
    public bool HasMemberNamed(string typeFullName, string memberName) => _members.ContainsKey(typeFullName + "::" + memberName);

    private void AddMember(string line)
    {
        int separator = line.IndexOf("::", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return;
        }

        string type = line[..separator];
        string rest = line[(separator + 2)..];
        int open = rest.IndexOf('(');
        bool isIndexer = rest.StartsWith("this[", StringComparison.Ordinal);
        string name;
        (int Min, int Max) arity;
        if (isIndexer)
        {
            name = "this[]";
            arity = CountParameters(rest[5..rest.LastIndexOf(']')]);
        }
        else if (open > 0)
        {
            name = rest[..open];
            arity = CountParameters(rest[(open + 1)..rest.LastIndexOf(')')]);
        }
        else
        {
            name = rest;
            arity = (0, 0);
        }

        string key = type + "::" + name;
        if (!_members.TryGetValue(key, out List<(int Min, int Max)>? overloads))
        {
            overloads = [];
            _members[key] = overloads;
        }

        overloads.Add(arity);
    }

    private static (int Min, int Max) CountParameters(string parameters)
    {
        List<string> parts = SplitTopLevel(parameters);
        int max = parts.Count;
        int min = parts.Count(part => !part.Contains('=') && !part.TrimStart().StartsWith("params ", StringComparison.Ordinal));
        if (parts.Any(part => part.TrimStart().StartsWith("params ", StringComparison.Ordinal)))
        {
            max = int.MaxValue;
        }

        return (min, max);
    }

    private static List<string> SplitTopLevel(string parameters)
    {
        List<string> parts = [];
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            char c = parameters[i];
            if (c is '<' or '(' or '[')
            {
                depth++;
            }
            else if (c is '>' or ')' or ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(parameters[start..i]);
                start = i + 1;
            }
        }

        string last = parameters[start..];
        if (last.Trim().Length > 0)
        {
            parts.Add(last);
        }

        return parts;
    }
}
