using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EdgeController.Conformance.Tests;

/// <summary>
/// Compiles portable source with Roslyn against the host's framework, then walks every syntax
/// node and every symbol it binds to. Anything from outside the compiled sources must be a type
/// or member of the nano-api lists; language features nanoFramework's stable line lacks at run
/// time (generics, nullable value types, tuples, records, async, LINQ, decimal, multi-dimensional
/// arrays, stackalloc, dynamic, pointers) are refused outright, and float/double too where asked.
/// </summary>
public static class NanoSubsetChecker
{
    private static readonly Dictionary<string, string> s_operatorNames = new(StringComparer.Ordinal)
    {
        ["op_Equality"] = "op_==",
        ["op_Inequality"] = "op_!=",
        ["op_Addition"] = "op_+",
        ["op_Subtraction"] = "op_-",
        ["op_LessThan"] = "op_<",
        ["op_GreaterThan"] = "op_>",
        ["op_LessThanOrEqual"] = "op_<=",
        ["op_GreaterThanOrEqual"] = "op_>=",
        ["op_UnaryNegation"] = "op_-",
        ["op_UnaryPlus"] = "op_+",
        ["op_Multiply"] = "op_*",
        ["op_Division"] = "op_/",
    };

    /// <summary>Checks the given files (path and text) compiled together as one assembly.</summary>
    public static IReadOnlyList<NanoViolation> Check(IEnumerable<(string Path, string Text)> sources, NanoApiLists lists, bool forbidFloatingPoint)
    {
        CSharpParseOptions parseOptions = new(LanguageVersion.Latest);
        List<SyntaxTree> trees = sources.Select(source => CSharpSyntaxTree.ParseText(source.Text, parseOptions, source.Path)).ToList();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "NanoSubsetUnderTest",
            trees,
            FrameworkReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: true));

        List<NanoViolation> violations = [];
        foreach (Diagnostic error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            violations.Add(At(error.Location, $"does not compile: {error.GetMessage()}"));
        }

        foreach (SyntaxTree tree in trees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            Walker walker = new(model, lists, forbidFloatingPoint, compilation.Assembly, violations);
            walker.Visit(tree.GetRoot());
        }

        return violations
            .GroupBy(violation => violation.ToString())
            .Select(group => group.First())
            .ToList();
    }

    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        string platformAssemblies = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        return platformAssemblies.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "mscorlib.dll" or "netstandard.dll")
            .Select(path => MetadataReference.CreateFromFile(path));
    }

    private static NanoViolation At(Location location, string message)
    {
        FileLinePositionSpan span = location.GetLineSpan();
        return new NanoViolation(span.Path, span.StartLinePosition.Line + 1, message);
    }

    private sealed class Walker(SemanticModel model, NanoApiLists lists, bool forbidFloatingPoint, IAssemblySymbol ownAssembly, List<NanoViolation> violations)
        : CSharpSyntaxWalker
    {
        public override void DefaultVisit(SyntaxNode node)
        {
            CheckSyntax(node);
            if (node is ExpressionSyntax or TypeSyntax or ConstructorInitializerSyntax or AttributeSyntax)
            {
                CheckBinding(node);
            }

            base.DefaultVisit(node);
        }

        public override void Visit(SyntaxNode? node)
        {
            if (node is not null)
            {
                DefaultVisit(node);
            }
        }

        private void CheckSyntax(SyntaxNode node)
        {
            switch (node)
            {
                case RecordDeclarationSyntax:
                    Report(node, "records are not in nanoFramework");
                    break;
                case TypeParameterListSyntax:
                    Report(node, "generic declarations are not in nanoFramework's stable line");
                    break;
                case AwaitExpressionSyntax:
                    Report(node, "await: async/await and Task are not in nanoFramework");
                    break;
                case MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.AsyncKeyword):
                case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.AsyncKeyword):
                case AnonymousFunctionExpressionSyntax lambda when lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                    Report(node, "async methods are not in nanoFramework");
                    break;
                case QueryExpressionSyntax:
                    Report(node, "LINQ queries are not in nanoFramework");
                    break;
                case StackAllocArrayCreationExpressionSyntax:
                case ImplicitStackAllocArrayCreationExpressionSyntax:
                    Report(node, "stackalloc is not in nanoFramework");
                    break;
                case TupleTypeSyntax:
                case TupleExpressionSyntax:
                    Report(node, "tuples are not in nanoFramework");
                    break;
                case ArrayRankSpecifierSyntax rank when rank.Sizes.Count > 1:
                    Report(node, "multi-dimensional arrays are not in nanoFramework (use jagged arrays)");
                    break;
            }
        }

        private void CheckBinding(SyntaxNode node)
        {
            SymbolInfo symbolInfo = model.GetSymbolInfo(node);
            if (symbolInfo.Symbol is { } symbol)
            {
                CheckSymbol(node, symbol);
            }

            TypeInfo typeInfo = model.GetTypeInfo(node);
            CheckType(node, typeInfo.Type);
            CheckType(node, typeInfo.ConvertedType);
        }

        private void CheckSymbol(SyntaxNode node, ISymbol symbol)
        {
            switch (symbol)
            {
                case ITypeSymbol type:
                    CheckType(node, type);
                    break;
                case IMethodSymbol method:
                    CheckMethod(node, method);
                    break;
                case IPropertySymbol property:
                    CheckType(node, property.Type);
                    if (IsExternal(property))
                    {
                        string name = property.IsIndexer ? "this[]" : property.Name;
                        bool listed = property.IsIndexer
                            ? lists.HasMember(FullName(property.ContainingType), name, property.Parameters.Length)
                            : lists.HasMemberNamed(FullName(property.ContainingType), name);
                        if (!listed)
                        {
                            Report(node, $"{FullName(property.ContainingType)}::{name} is not in the nano-api lists");
                        }
                    }

                    break;
                case IFieldSymbol field:
                    CheckType(node, field.Type);
                    if (IsExternal(field) && !lists.HasMemberNamed(FullName(field.ContainingType), field.Name))
                    {
                        Report(node, $"{FullName(field.ContainingType)}::{field.Name} is not in the nano-api lists");
                    }

                    break;
                case IEventSymbol @event:
                    if (IsExternal(@event) && !lists.HasMemberNamed(FullName(@event.ContainingType), @event.Name))
                    {
                        Report(node, $"{FullName(@event.ContainingType)}::{@event.Name} is not in the nano-api lists");
                    }

                    break;
                case ILocalSymbol local:
                    CheckType(node, local.Type);
                    break;
                case IParameterSymbol parameter:
                    CheckType(node, parameter.Type);
                    break;
                case INamespaceSymbol @namespace when @namespace.ToDisplayString().StartsWith("System.Linq", StringComparison.Ordinal):
                    Report(node, "System.Linq is not in nanoFramework");
                    break;
            }
        }

        private void CheckMethod(SyntaxNode node, IMethodSymbol method)
        {
            if (method.MethodKind is MethodKind.BuiltinOperator or MethodKind.LambdaMethod or MethodKind.LocalFunction or MethodKind.AnonymousFunction)
            {
                return;
            }

            if (method.IsGenericMethod)
            {
                Report(node, $"generic method {method.ToDisplayString()} is not in nanoFramework's stable line");
            }

            IMethodSymbol original = method.ReducedFrom ?? method;
            CheckType(node, original.ContainingType);
            CheckType(node, original.ReturnType);
            if (!IsExternal(original))
            {
                return;
            }

            string typeName = FullName(original.ContainingType);
            string name = original.MethodKind switch
            {
                MethodKind.Constructor => ".ctor",
                MethodKind.UserDefinedOperator or MethodKind.Conversion => s_operatorNames.GetValueOrDefault(original.Name, original.Name),
                _ => original.Name,
            };
            if (original.ContainingType.TypeKind == TypeKind.Delegate && name is "Invoke" or ".ctor")
            {
                return;
            }

            if (original.AssociatedSymbol is IPropertySymbol or IEventSymbol)
            {
                return;
            }

            bool listed = lists.HasMember(typeName, name, original.Parameters.Length)
                || (name != original.Name && lists.HasMember(typeName, original.Name, original.Parameters.Length));
            if (!listed)
            {
                Report(node, $"{typeName}::{name} with {original.Parameters.Length} parameter(s) is not in the nano-api lists");
            }
        }

        private void CheckType(SyntaxNode node, ITypeSymbol? type)
        {
            switch (type)
            {
                case null:
                case IErrorTypeSymbol:
                    return;
                case IArrayTypeSymbol array:
                    if (array.Rank > 1)
                    {
                        Report(node, "multi-dimensional arrays are not in nanoFramework (use jagged arrays)");
                    }

                    CheckType(node, array.ElementType);
                    return;
                case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                    Report(node, "pointers are not in nanoFramework");
                    return;
                case ITypeParameterSymbol:
                    Report(node, "generic type parameters are not in nanoFramework's stable line");
                    return;
                case IDynamicTypeSymbol:
                    Report(node, "dynamic is not in nanoFramework");
                    return;
                case INamedTypeSymbol named:
                    CheckNamedType(node, named);
                    return;
            }
        }

        private void CheckNamedType(SyntaxNode node, INamedTypeSymbol named)
        {
            if (named.IsTupleType)
            {
                Report(node, "tuples are not in nanoFramework");
                return;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                Report(node, $"nullable value type {named.ToDisplayString()} is not in nanoFramework's stable line");
                return;
            }

            if (named.IsGenericType)
            {
                Report(node, $"generic type {named.ToDisplayString()} is not in nanoFramework's stable line");
                return;
            }

            switch (named.SpecialType)
            {
                case SpecialType.System_Decimal:
                    Report(node, "decimal is not in nanoFramework");
                    return;
                case SpecialType.System_Single or SpecialType.System_Double when forbidFloatingPoint:
                    Report(node, $"{named.ToDisplayString()}: no floating point in Core (docs/design.md, units and fixed point)");
                    return;
            }

            if (named.IsRefLikeType && IsExternal(named))
            {
                Report(node, $"{named.ToDisplayString()} is a ref struct the nano-api does not list");
            }

            if (IsExternal(named) && !lists.HasType(FullName(named)))
            {
                Report(node, $"type {FullName(named)} is not in the nano-api lists");
            }
        }

        private bool IsExternal(ISymbol symbol) => !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, ownAssembly);

        private void Report(SyntaxNode node, string message) => violations.Add(At(node.GetLocation(), message));
    }

    /// <summary>Namespace.Type, nested types joined by '+', generic arity as `n (the lists' spelling).</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        if (type.ContainingType is not null)
        {
            return FullName(type.ContainingType) + "+" + name;
        }

        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() + "." : "";
        return ns + name;
    }
}
