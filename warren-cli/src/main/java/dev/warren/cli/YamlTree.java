package dev.warren.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A small YAML file as plain values: a mapping is a {@code Map<String, Object>} (in file order), a sequence a
 * {@code List<Object>}, a scalar its text ({@code 22} is "22"), and an empty or {@code ~} value {@code null}. Only
 * SnakeYAML's parser and composer run (no object construction, no Jackson): the agent reads its {@code --config} with
 * it and keeps ~100 classes instead of Jackson's ~640 in its metaspace for months. Anything a config file has no use
 * for is refused, saying where: a key that is not a scalar, a key given twice, explicit tags, aliases of mappings
 * or lists.
 */
final class YamlTree {
    /** Far above any real config file; a bigger one is a mistake, not a config. */
    private static final int MAX_CHARS = 1 << 20;

    private static final List<Tag> PLAIN_TAGS = List.of(Tag.BOOL, Tag.INT, Tag.FLOAT, Tag.STR, Tag.TIMESTAMP);

    private YamlTree() {}

    /** The file's single document as plain values; null for an empty file. */
    static Object read(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_CHARS);
            // an alias to a mapping or list is how a small file becomes a huge (or, pointing at itself, endless) tree;
            // a config has no need for one (aliases of single values stay allowed); nesting is bounded at 50 levels
            options.setMaxAliasesForCollections(0);
            Composer composer = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options);
            Node root = composer.getSingleNode();
            return root == null ? null : value(root);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read: " + e.getMessage());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().strip());
        }
    }

    private static Object value(Node node) {
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> {
                untagged(node, Tag.SEQ);
                List<Object> list = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    list.add(value(item));
                }
                yield list;
            }
            case MappingNode mapping -> {
                untagged(node, Tag.MAP);
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple entry : mapping.getValue()) {
                    if (!(entry.getKeyNode() instanceof ScalarNode key) || scalar(key) == null) {
                        throw new IllegalArgumentException(at(entry.getKeyNode()) + "a key that is not a name");
                    }
                    if (map.containsKey(key.getValue())) {
                        throw new IllegalArgumentException(at(key) + "key '" + key.getValue() + "' given twice");
                    }
                    map.put(key.getValue(), value(entry.getValueNode()));
                }
                yield map;
            }
            default -> throw new IllegalArgumentException(at(node) + "unexpected " + node.getNodeId());
        };
    }

    private static String scalar(ScalarNode node) {
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        // a plain scalar resolves to a tag by its look (bool, int, float...): all of them are text here
        if (!PLAIN_TAGS.contains(tag)) {
            throw new IllegalArgumentException(at(node) + "tag " + tag + " (expected: plain values)");
        }
        return node.getValue();
    }

    /** Explicit tags ({@code !!set}, {@code !custom}) mean something this reader does not do. */
    private static void untagged(Node node, Tag expected) {
        if (!node.getTag().equals(expected)) {
            throw new IllegalArgumentException(at(node) + "tag " + node.getTag() + " (expected: plain values)");
        }
    }

    private static String at(Node node) {
        return "line " + (node.getStartMark().getLine() + 1) + ": ";
    }
}
