/** Small YAML configuration files read into records, every mistake said in the file's own terms ({@link dev.warren.common.yaml.YamlFiles}). */
package dev.warren.common.yaml;
