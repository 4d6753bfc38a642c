package io.llmrouter.service.nativeimage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.RecordComponentNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Finds JSON data binding of project classes that a native image could not perform: Jackson reads and writes such
 * classes through reflection, which native-image only allows for classes registered at build time. A project class
 * is allowed to be bound only when it (or a {@code @RegisterForReflection(targets = ...)} elsewhere) registers it.
 *
 * <p>Two sources of binding are detected in the bytecode: Jackson annotations on a project class or its members,
 * and calls of Jackson's data-binding entry points ({@code ObjectMapper}, {@code ObjectReader},
 * {@code ObjectWriter}, {@code ObjectCodec}, {@code JsonParser}) whose target type is a project class: a
 * {@code Class}/{@code JavaType}/{@code TypeReference} argument, or the static type of a value handed to a write
 * or convert method. Where the bytecode does not show the type (a {@code TypeReference}, a computed
 * {@code Class}, a value typed {@code Object}), the call is reported too: tree-model code never needs those.
 */
final class JacksonBindingScan {

    private static final String PROJECT_PREFIX = "io/llmrouter/";
    private static final String REGISTER = "Lio/quarkus/runtime/annotations/RegisterForReflection;";
    private static final Set<String> BINDING_OWNERS = Set.of(
            "com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/ObjectReader",
            "com/fasterxml/jackson/databind/ObjectWriter",
            "com/fasterxml/jackson/core/ObjectCodec",
            "com/fasterxml/jackson/core/JsonParser",
            "com/fasterxml/jackson/core/JsonGenerator");
    private static final Set<String> TYPE_ARGUMENTS = Set.of(
            "java/lang/Class",
            "com/fasterxml/jackson/databind/JavaType",
            "com/fasterxml/jackson/core/type/TypeReference",
            "com/fasterxml/jackson/core/type/ResolvedType");
    /** Methods whose {@code Object} parameters are values Jackson serializes or converts by reflection. */
    private static final Set<String> VALUE_METHODS = Set.of(
            "writeValue", "writeValueAsBytes", "writeValueAsString", "valueToTree", "convertValue", "updateValue",
            "writeObject", "writePOJO", "writePOJOField", "writeObjectField");

    private final ClassLoader loader;
    private final List<ClassNode> classes = new ArrayList<>();
    private final Set<String> registered = new HashSet<>();

    /** A scan of the given class files; {@code loader} resolves the library types the analysis meets. */
    JacksonBindingScan(Map<String, byte[]> classFiles, ClassLoader loader) {
        this.loader = loader;
        for (byte[] bytes : classFiles.values()) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
            classes.add(node);
        }
        for (ClassNode c : classes) {
            for (AnnotationNode a : annotations(c.visibleAnnotations)) {
                if (REGISTER.equals(a.desc)) {
                    registered.addAll(registrationTargets(c.name, a));
                }
            }
        }
    }

    /** Classes scanned. */
    int size() {
        return classes.size();
    }

    /** One line per finding: the class, where in it, and what would be bound reflectively. */
    List<String> findings() {
        List<String> findings = new ArrayList<>();
        for (ClassNode c : classes) {
            annotationFindings(c, findings);
            for (MethodNode m : c.methods) {
                callFindings(c, m, findings);
            }
        }
        return findings;
    }

    private void annotationFindings(ClassNode c, List<String> findings) {
        if (registered.contains(c.name)) {
            return;
        }
        List<String> where = new ArrayList<>();
        jacksonAnnotations("class", c.visibleAnnotations, where);
        for (FieldNode f : c.fields) {
            jacksonAnnotations("field " + f.name, f.visibleAnnotations, where);
        }
        for (MethodNode m : c.methods) {
            jacksonAnnotations("method " + m.name, m.visibleAnnotations, where);
            if (m.visibleParameterAnnotations != null) {
                for (List<AnnotationNode> p : m.visibleParameterAnnotations) {
                    jacksonAnnotations("parameter of " + m.name, p, where);
                }
            }
        }
        if (c.recordComponents != null) {
            for (RecordComponentNode r : c.recordComponents) {
                jacksonAnnotations("record component " + r.name, r.visibleAnnotations, where);
            }
        }
        for (String w : where) {
            findings.add(dotted(c.name) + ": Jackson annotation on " + w + " without @RegisterForReflection");
        }
    }

    private static void jacksonAnnotations(String where, List<AnnotationNode> list, List<String> out) {
        for (AnnotationNode a : annotations(list)) {
            if (a.desc.startsWith("Lcom/fasterxml/jackson/annotation/")
                    || a.desc.startsWith("Lcom/fasterxml/jackson/databind/annotation/")) {
                out.add(where + " (" + Type.getType(a.desc).getClassName() + ")");
            }
        }
    }

    private void callFindings(ClassNode c, MethodNode m, List<String> findings) {
        List<MethodInsnNode> calls = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call && BINDING_OWNERS.contains(call.owner)
                    && call.getOpcode() != Opcodes.INVOKESTATIC) {
                calls.add(call);
            }
        }
        if (calls.isEmpty()) {
            return;
        }
        String at = dotted(c.name) + "." + m.name + ": ";
        Frame<SourceValue>[] sources;
        Frame<BasicValue>[] types;
        try {
            sources = new Analyzer<>(new SourceInterpreter()).analyze(c.name, m);
            SimpleVerifier verifier = new SimpleVerifier();
            verifier.setClassLoader(loader);
            types = new Analyzer<>(verifier).analyze(c.name, m);
        } catch (AnalyzerException e) {
            findings.add(at + "cannot analyse a method calling Jackson data binding: " + e.getMessage());
            return;
        }
        for (MethodInsnNode call : calls) {
            int index = m.instructions.indexOf(call);
            if (sources[index] == null) {
                continue; // unreachable code
            }
            Type[] params = Type.getArgumentTypes(call.desc);
            int stackBase = sources[index].getStackSize() - params.length;
            String callName = call.owner.substring(call.owner.lastIndexOf('/') + 1) + "." + call.name;
            for (int i = 0; i < params.length; i++) {
                Type param = params[i];
                if (param.getSort() == Type.OBJECT && TYPE_ARGUMENTS.contains(param.getInternalName())) {
                    String target = constantClass(sources[index].getStack(stackBase + i));
                    if (target == null) {
                        findings.add(at + callName + " with a " + param.getClassName()
                                + " not given as a class literal: its target type cannot be checked");
                    } else if (unregisteredProjectClass(target)) {
                        findings.add(at + callName + " binds " + dotted(target) + " without @RegisterForReflection");
                    }
                } else if (VALUE_METHODS.contains(call.name) && "java/lang/Object".equals(param.getInternalName())) {
                    BasicValue value = types[index].getStack(stackBase + i);
                    String type = value.getType() == null ? null : value.getType().getInternalName();
                    if (type == null || "java/lang/Object".equals(type)) {
                        findings.add(at + callName + " of a value typed Object: its class cannot be checked");
                    } else if (unregisteredProjectClass(type)) {
                        findings.add(at + callName + " serializes " + dotted(type) + " without @RegisterForReflection");
                    }
                }
            }
        }
    }

    private boolean unregisteredProjectClass(String internalName) {
        return internalName.startsWith(PROJECT_PREFIX) && !registered.contains(internalName);
    }

    private static String constantClass(SourceValue value) {
        if (value.insns.size() == 1 && value.insns.iterator().next() instanceof LdcInsnNode ldc
                && ldc.cst instanceof Type t && t.getSort() == Type.OBJECT) {
            return t.getInternalName();
        }
        return null;
    }

    private static Set<String> registrationTargets(String annotated, AnnotationNode a) {
        Set<String> out = new HashSet<>();
        boolean explicit = false;
        if (a.values != null) {
            for (int i = 0; i + 1 < a.values.size(); i += 2) {
                if ("targets".equals(a.values.get(i)) && a.values.get(i + 1) instanceof List<?> targets) {
                    for (Object t : targets) {
                        out.add(((Type) t).getInternalName());
                    }
                    explicit = !targets.isEmpty();
                }
            }
        }
        if (!explicit) {
            out.add(annotated);
        }
        return out;
    }

    private static List<AnnotationNode> annotations(List<AnnotationNode> list) {
        return list == null ? List.of() : list;
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
