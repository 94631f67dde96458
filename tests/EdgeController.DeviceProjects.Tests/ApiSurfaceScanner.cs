using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// A syntax-level check (no compilation: the nanoFramework packages cannot be restored on the
/// host) that device code names only types and members the allow-list offers. Every type name
/// in a type position, every static receiver and every member access on a variable of a known
/// type is resolved through the file's using directives; names declared by the project itself
/// (firmware/Core, hal/Abstractions and the scanned sources) are trusted. Generic names are
/// refused outright: the stable nanoFramework line has no generics.
/// </summary>
internal sealed class ApiSurfaceScanner
{
    private static readonly Dictionary<string, string> s_keywordTypes = new()
    {
        ["bool"] = "System.Boolean", ["byte"] = "System.Byte", ["char"] = "System.Char", ["short"] = "System.Int16",
        ["ushort"] = "System.UInt16", ["int"] = "System.Int32", ["uint"] = "System.UInt32", ["long"] = "System.Int64",
        ["ulong"] = "System.UInt64", ["string"] = "System.String", ["object"] = "System.Object", ["double"] = "System.Double",
        ["float"] = "System.Single", ["sbyte"] = "System.SByte",
    };

    private readonly ApiAllowList _allowList;
    private readonly HashSet<string> _projectTypes;

    public ApiSurfaceScanner(ApiAllowList allowList, IEnumerable<string> projectSourceFiles)
    {
        _allowList = allowList;
        _projectTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in projectSourceFiles)
        {
            SyntaxNode root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (BaseTypeDeclarationSyntax type in root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                _projectTypes.Add(type.Identifier.Text);
            }

            foreach (DelegateDeclarationSyntax type in root.DescendantNodes().OfType<DelegateDeclarationSyntax>())
            {
                _projectTypes.Add(type.Identifier.Text);
            }
        }
    }

    /// <summary>Every problem of one file, as "file(line): what".</summary>
    public IEnumerable<string> Scan(string path, string displayName)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path);
        SyntaxNode root = tree.GetRoot();
        string[] usings = root.DescendantNodes().OfType<UsingDirectiveSyntax>()
            .Where(u => u.Alias == null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name != null)
            .Select(u => u.Name!.ToString()).Append("System").Distinct().ToArray();
        Dictionary<string, string> fileScope = CollectMemberTypes(root);
        List<string> problems = new();

        void Report(SyntaxNode node, string what) =>
            problems.Add($"{displayName}({node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}): {what}");

        foreach (GenericNameSyntax generic in root.DescendantNodes().OfType<GenericNameSyntax>())
        {
            Report(generic, $"generic name '{generic}' (the stable nanoFramework line has no generics)");
        }

        foreach (TypeSyntax type in root.DescendantNodes().OfType<TypeSyntax>().Where(IsTypePosition))
        {
            string name = type.ToString();
            if (type is PredefinedTypeSyntax || type is ArrayTypeSyntax || type is NullableTypeSyntax || name == "var")
            {
                continue;
            }

            if (Resolve(name, usings) == null && !_projectTypes.Contains(LastPart(name)))
            {
                Report(type, $"type '{name}' is neither in shared/nano-api nor in package-api/");
            }
        }

        foreach (ObjectCreationExpressionSyntax creation in root.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
        {
            string? full = Resolve(creation.Type.ToString(), usings);
            if (full != null && _allowList.ListsMembersOf(full) && !_allowList.HasMember(full, ".ctor"))
            {
                Report(creation, $"constructor of '{full}' is not in the lists");
            }
        }

        foreach (MemberAccessExpressionSyntax access in root.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
        {
            Dictionary<string, string> variables = VariablesInScope(access, fileScope);
            string? receiverType = ReceiverType(access.Expression, usings, variables);
            string member = access.Name.Identifier.Text;
            if (receiverType == null)
            {
                if (access.Expression is IdentifierNameSyntax identifier && LooksLikeTypeName(identifier.Identifier.Text)
                    && !variables.ContainsKey(identifier.Identifier.Text) && !_projectTypes.Contains(identifier.Identifier.Text)
                    && !IsNamespacePrefix(access))
                {
                    Report(access, $"'{identifier.Identifier.Text}' is neither a known type nor a variable");
                }

                continue;
            }

            if (!_allowList.HasMember(receiverType, member))
            {
                Report(access, $"'{receiverType}' has no member '{member}' in the lists");
            }
        }

        return problems;
    }

    private string? ReceiverType(ExpressionSyntax expression, string[] usings, Dictionary<string, string> variables)
    {
        switch (expression)
        {
            case PredefinedTypeSyntax predefined:
                return s_keywordTypes.TryGetValue(predefined.Keyword.Text, out string? keywordType) ? keywordType : null;
            case IdentifierNameSyntax identifier:
                string name = identifier.Identifier.Text;
                if (variables.TryGetValue(name, out string? declared))
                {
                    return s_keywordTypes.TryGetValue(declared, out string? kw) ? kw : Resolve(declared, usings);
                }

                return _projectTypes.Contains(name) ? null : Resolve(name, usings);
            case MemberAccessExpressionSyntax qualified:
                // A fully qualified type such as System.Text.Encoding.
                string dotted = qualified.ToString();
                return _allowList.HasType(dotted) ? dotted : null;
            default:
                return null;
        }
    }

    private string? Resolve(string name, string[] usings)
    {
        if (_allowList.HasType(name))
        {
            return name;
        }

        foreach (string ns in usings)
        {
            string candidate = ns + "." + name;
            if (_allowList.HasType(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Fields and properties of the file's types.</summary>
    private static Dictionary<string, string> CollectMemberTypes(SyntaxNode root)
    {
        Dictionary<string, string> members = new(StringComparer.Ordinal);
        foreach (FieldDeclarationSyntax field in root.DescendantNodes().OfType<FieldDeclarationSyntax>())
        {
            foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
            {
                members[variable.Identifier.Text] = field.Declaration.Type.ToString();
            }
        }

        foreach (PropertyDeclarationSyntax property in root.DescendantNodes().OfType<PropertyDeclarationSyntax>())
        {
            members[property.Identifier.Text] = property.Type.ToString();
        }

        return members;
    }

    /// <summary>The enclosing member's parameters, locals and catch variables over the file's fields and properties.</summary>
    private static Dictionary<string, string> VariablesInScope(SyntaxNode node, Dictionary<string, string> fileScope)
    {
        Dictionary<string, string> variables = new(fileScope, StringComparer.Ordinal);
        SyntaxNode? member = node.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
        if (member is AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax)
        {
            member = member.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax) ?? member;
        }

        if (member == null)
        {
            return variables;
        }

        foreach (VariableDeclarationSyntax declaration in member.DescendantNodes().OfType<VariableDeclarationSyntax>())
        {
            foreach (VariableDeclaratorSyntax variable in declaration.Variables)
            {
                variables[variable.Identifier.Text] = declaration.Type.ToString();
            }
        }

        foreach (ParameterSyntax parameter in member.DescendantNodes().OfType<ParameterSyntax>())
        {
            if (parameter.Type != null)
            {
                variables[parameter.Identifier.Text] = parameter.Type.ToString();
            }
        }

        // The catch clause around the node wins over other catch clauses of the same member.
        foreach (CatchDeclarationSyntax caught in member.DescendantNodes().OfType<CatchDeclarationSyntax>()
            .OrderBy(c => node.Ancestors().Contains(c.Parent) ? 1 : 0))
        {
            if (!caught.Identifier.IsKind(SyntaxKind.None))
            {
                variables[caught.Identifier.Text] = caught.Type.ToString();
            }
        }

        return variables;
    }

    private static bool IsTypePosition(TypeSyntax type)
    {
        // Only the outermost type syntax of a declaration, creation, cast or typeof.
        SyntaxNode? parent = type.Parent;
        return parent switch
        {
            VariableDeclarationSyntax v => v.Type == type,
            ParameterSyntax p => p.Type == type,
            PropertyDeclarationSyntax p => p.Type == type,
            MethodDeclarationSyntax m => m.ReturnType == type,
            ObjectCreationExpressionSyntax o => o.Type == type,
            CastExpressionSyntax c => c.Type == type,
            TypeOfExpressionSyntax t => t.Type == type,
            SimpleBaseTypeSyntax b => b.Type == type,
            CatchDeclarationSyntax c => c.Type == type,
            ArrayTypeSyntax => false,
            _ => false,
        };
    }

    private static bool IsNamespacePrefix(MemberAccessExpressionSyntax access) =>
        access.Parent is MemberAccessExpressionSyntax && char.IsUpper(access.Name.Identifier.Text[0]) && access.Expression.ToString() is "System" or "nanoFramework";

    private static bool LooksLikeTypeName(string name) => name.Length > 0 && char.IsUpper(name[0]);

    private static string LastPart(string name) => name[(name.LastIndexOf('.') + 1)..];
}
