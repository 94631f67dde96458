namespace EdgeController.Core.Json
{
    /// <summary>The kinds of value the strict reader accepts. There is no floating-point kind on purpose.</summary>
    public enum JsonKind
    {
        /// <summary>The literal null.</summary>
        Null = 0,

        /// <summary>true or false.</summary>
        Boolean = 1,

        /// <summary>A whole number that fits a long.</summary>
        Integer = 2,

        /// <summary>A string.</summary>
        String = 3,

        /// <summary>An array of values.</summary>
        Array = 4,

        /// <summary>An object: names and values in document order, names unique.</summary>
        Object = 5,
    }
}
