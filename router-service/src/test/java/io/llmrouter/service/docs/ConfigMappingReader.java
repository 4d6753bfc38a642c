package io.llmrouter.service.docs;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Reads the configuration keys of a SmallRye {@code @ConfigMapping} interface from its source, with the JDK's own
 * compiler tree API (parsing only: no class path needed): every abstract method is a key or a group of keys, named by
 * its {@code @WithName} or by SmallRye's kebab-case of the method name, with its {@code @WithDefault} and its Javadoc.
 * Nested interfaces are groups; a {@code Map<String, Group>} adds a placeholder segment named after the map in the
 * singular ({@code tenants} → {@code <tenant>}); enums list their constants as SmallRye accepts them
 * ({@code REST_CLIENT} → {@code rest-client}), each with its own Javadoc.
 *
 * <p>Every interface and enum declared in the Java files of the mapping's directory can serve as a group or a value
 * type, so a key added anywhere in that package appears without further work; a value type of another package is
 * named to the reader with its source file.
 */
final class ConfigMappingReader {

    private static final Pattern REQUIRED = Pattern.compile("(?:^|[.;] )Required\\b");

    private final Map<String, TreePath> types = new HashMap<>();
    private final DocTrees docs;

    private ConfigMappingReader(Path directory, List<Path> valueTypes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: the key table needs a JDK");
        }
        List<Path> sources;
        try (Stream<Path> files = Files.list(directory)) {
            sources = Stream.concat(files.filter(p -> p.toString().endsWith(".java")).sorted(), valueTypes.stream())
                    .toList();
        }
        StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        JavacTask task = (JavacTask) javac.getTask(null, fileManager, null, List.of("-proc:none"), null,
                fileManager.getJavaFileObjectsFromPaths(sources));
        docs = DocTrees.instance(task);
        for (CompilationUnitTree unit : task.parse()) {
            for (Tree type : unit.getTypeDecls()) {
                index(new TreePath(new TreePath(unit), type));
            }
        }
        fileManager.close();
    }

    /**
     * The keys of the mapping interface {@code mapping} (a simple name) in {@code directory}, under {@code prefix};
     * {@code valueTypes} are the source files of value types declared elsewhere (an enum of another module).
     */
    static List<ConfigKey> read(Path directory, List<Path> valueTypes, String mapping, String prefix) {
        try {
            ConfigMappingReader reader = new ConfigMappingReader(directory, valueTypes);
            TreePath root = reader.types.get(mapping);
            if (root == null) {
                throw new IllegalArgumentException("no interface " + mapping + " in " + directory);
            }
            List<ConfigKey> keys = new ArrayList<>();
            reader.group(root, prefix, keys);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void index(TreePath path) {
        if (path.getLeaf() instanceof ClassTree c) {
            types.put(c.getSimpleName().toString(), path);
            for (Tree member : c.getMembers()) {
                index(new TreePath(path, member));
            }
        }
    }

    private void group(TreePath group, String prefix, List<ConfigKey> keys) {
        for (Tree member : ((ClassTree) group.getLeaf()).getMembers()) {
            if (!(member instanceof MethodTree m) || !m.getParameters().isEmpty()
                    || m.getModifiers().getFlags().contains(Modifier.DEFAULT)
                    || m.getModifiers().getFlags().contains(Modifier.STATIC)) {
                continue;
            }
            TreePath method = new TreePath(group, m);
            String name = annotation(m, "WithName");
            if (name == null) {
                name = kebab(m.getName().toString());
            }
            String key = annotation(m, "WithParentName") != null ? prefix : prefix + "." + name;
            member(method, m.getReturnType(), key, name, keys);
        }
    }

    private void member(TreePath method, Tree type, String key, String name, List<ConfigKey> keys) {
        boolean optional = false;
        if (type instanceof ParameterizedTypeTree p && simpleName(p.getType()).equals("Optional")) {
            optional = true;
            type = p.getTypeArguments().get(0);
        }
        if (type instanceof ParameterizedTypeTree p && simpleName(p.getType()).equals("Map")) {
            Tree value = p.getTypeArguments().get(1);
            String placeholder = key + ".<" + singular(name) + ">";
            TreePath valueGroup = interfaceNamed(simpleName(value));
            if (valueGroup != null) {
                group(valueGroup, placeholder, keys);
            } else {
                // A map's entries are all optional: an empty map configures nothing.
                keys.add(leaf(method, value, placeholder, true));
            }
            return;
        }
        TreePath nested = interfaceNamed(simpleName(type));
        if (nested != null) {
            group(nested, key, keys);
        } else {
            keys.add(leaf(method, type, key, optional));
        }
    }

    private ConfigKey leaf(TreePath method, Tree type, String key, boolean optional) {
        MethodTree m = (MethodTree) method.getLeaf();
        String meaning = text(docs.getDocCommentTree(method));
        String defaultValue = annotation(m, "WithDefault");
        String valueType = typeName(type);
        TreePath enumType = enumNamed(simpleName(type));
        if (enumType != null) {
            List<String> values = new ArrayList<>();
            List<String> explained = new ArrayList<>();
            for (Tree constant : ((ClassTree) enumType.getLeaf()).getMembers()) {
                if (constant instanceof VariableTree v && simpleName(v.getType()).equals(simpleName(type))) {
                    String value = v.getName().toString().toLowerCase(Locale.ROOT).replace('_', '-');
                    values.add("`" + value + "`");
                    String doc = text(docs.getDocCommentTree(new TreePath(enumType, constant)));
                    explained.add("`" + value + "`" + (doc.isEmpty() ? "" : ": " + stripPeriod(doc)));
                }
            }
            valueType = String.join(" \\| ", values);
            meaning = meaning + " " + String.join("; ", explained) + ".";
        }
        // An Optional the router validates as mandatory says so in its Javadoc ("Required.").
        boolean required = !optional || REQUIRED.matcher(meaning).find();
        String shownDefault = defaultValue != null ? "`" + defaultValue + "`" : required ? "required" : "not set";
        return new ConfigKey(key, valueType, shownDefault, meaning.strip());
    }

    private TreePath interfaceNamed(String simpleName) {
        TreePath p = types.get(simpleName);
        return p != null && ((ClassTree) p.getLeaf()).getKind() == Tree.Kind.INTERFACE ? p : null;
    }

    private TreePath enumNamed(String simpleName) {
        TreePath p = types.get(simpleName);
        return p != null && ((ClassTree) p.getLeaf()).getKind() == Tree.Kind.ENUM ? p : null;
    }

    /** A value type for readers: the config value's syntax rather than the Java type. */
    private static String typeName(Tree type) {
        if (type instanceof PrimitiveTypeTree p) {
            return switch (p.getPrimitiveTypeKind()) {
                case BOOLEAN -> "boolean";
                case INT, LONG, SHORT, BYTE -> "integer";
                case DOUBLE, FLOAT -> "number";
                default -> p.toString();
            };
        }
        if (type instanceof ParameterizedTypeTree p && simpleName(p.getType()).equals("List")) {
            return "comma-separated " + typeName(p.getTypeArguments().get(0)) + "s";
        }
        return switch (simpleName(type)) {
            case "String" -> "string";
            case "Boolean" -> "boolean";
            case "Integer", "Long", "Short" -> "integer";
            case "Double", "Float", "BigDecimal" -> "number";
            case "Duration" -> "duration";
            case "MemorySize" -> "size";
            case "Path" -> "path";
            case "URI", "URL" -> "URL";
            default -> simpleName(type);
        };
    }

    private static String simpleName(Tree type) {
        if (type instanceof ParameterizedTypeTree p) {
            return simpleName(p.getType());
        }
        if (type instanceof MemberSelectTree s) {
            return s.getIdentifier().toString();
        }
        if (type instanceof IdentifierTree i) {
            return i.getName().toString();
        }
        return type.toString();
    }

    /** The value of the named annotation's single element ({@code @WithName("x")} → x), or null when absent. */
    private static String annotation(MethodTree m, String simpleName) {
        for (AnnotationTree a : m.getModifiers().getAnnotations()) {
            if (simpleName(a.getAnnotationType()).equals(simpleName)) {
                if (a.getArguments().isEmpty()) {
                    return "";
                }
                ExpressionTree value = a.getArguments().get(0);
                if (value instanceof AssignmentTree assignment) {
                    value = assignment.getExpression();
                }
                return value instanceof com.sun.source.tree.LiteralTree literal ? String.valueOf(literal.getValue())
                        : value.toString();
            }
        }
        return null;
    }

    /** A Javadoc comment's main description as one line of Markdown. */
    private static String text(DocCommentTree comment) {
        if (comment == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (DocTree t : comment.getFullBody()) {
            switch (t.getKind()) {
                case TEXT -> out.append(((TextTree) t).getBody());
                case CODE, LITERAL -> out.append('`').append(((LiteralTree) t).getBody().getBody()).append('`');
                case LINK, LINK_PLAIN -> {
                    LinkTree link = (LinkTree) t;
                    out.append('`').append(link.getLabel().isEmpty() ? link.getReference().getSignature()
                            : link.getLabel().toString()).append('`');
                }
                case ENTITY -> out.append(entity(((EntityTree) t).getName().toString()));
                case START_ELEMENT, END_ELEMENT -> out.append(' ');
                default -> out.append(t);
            }
        }
        return out.toString().replaceAll("\\s+", " ").replace("|", "\\|").strip();
    }

    private static String entity(String name) {
        return switch (name) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "rarr" -> "→";
            default -> "&" + name + ";";
        };
    }

    /** SmallRye's default name of a mapping method: {@code maxAttempts} → {@code max-attempts}. */
    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    private static String stripPeriod(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
