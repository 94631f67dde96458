namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// The types and members device code may use: shared/nano-api (mscorlib, System.Text,
/// System.Collections) plus the cited lists of package-api/. A member is known by its type's
/// full name and its bare name (overloads are not told apart: "as far as the lists go").
/// </summary>
internal sealed class ApiAllowList
{
    private readonly HashSet<string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.Ordinal);

    public static ApiAllowList Load(string nanoApiDirectory, string packageApiDirectory)
    {
        ApiAllowList list = new();
        foreach (string path in Directory.GetFiles(nanoApiDirectory, "*.types.tsv"))
        {
            foreach (string line in File.ReadLines(path))
            {
                string name = line.Split('\t')[0].Trim();
                if (name.Length > 0)
                {
                    list._types.Add(name);
                }
            }
        }

        foreach (string path in Directory.GetFiles(nanoApiDirectory, "*.members.txt").Concat(Directory.GetFiles(packageApiDirectory, "*.txt")))
        {
            foreach (string raw in File.ReadLines(path))
            {
                string line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                int separator = line.IndexOf("::", StringComparison.Ordinal);
                if (separator < 0)
                {
                    list._types.Add(line);
                    continue;
                }

                string type = line[..separator];
                string member = line[(separator + 2)..];
                int parenthesis = member.IndexOf('(');
                member = (parenthesis < 0 ? member : member[..parenthesis]).Trim();
                list._types.Add(type);
                if (!list._members.TryGetValue(type, out HashSet<string>? members))
                {
                    members = new HashSet<string>(StringComparer.Ordinal);
                    list._members[type] = members;
                }

                members.Add(member);
            }
        }

        return list;
    }

    public bool HasType(string fullName) => _types.Contains(fullName);

    /// <summary>True when the member is listed, or when the lists say nothing about the type's members.</summary>
    public bool HasMember(string typeFullName, string member) =>
        !_members.TryGetValue(typeFullName, out HashSet<string>? members) || members.Contains(member);

    public bool ListsMembersOf(string typeFullName) => _members.ContainsKey(typeFullName);
}
