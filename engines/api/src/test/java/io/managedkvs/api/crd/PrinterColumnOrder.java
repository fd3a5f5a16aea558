package io.managedkvs.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the printer columns in the order the {@code @AdditionalPrinterColumn} annotations are declared
 * on the resource class. kubectl shows columns in the CRD's order, and fabric8's generator (7.5)
 * collects them in a map sorted by JSON path, so without this {@code kubectl get} would start with
 * Age. Columns not declared on the class keep the generator's order, after the declared ones.
 */
final class PrinterColumnOrder {

    private final List<String> declared = new ArrayList<>();

    PrinterColumnOrder(Class<?> resourceClass) {
        // getAnnotationsByType returns repeated annotations in the order they are written in the source.
        for (AdditionalPrinterColumn column : resourceClass.getAnnotationsByType(AdditionalPrinterColumn.class)) {
            declared.add(key(column.name(), column.jsonPath()));
        }
    }

    void apply(CustomResourceDefinition crd) {
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
            // A stable sort: undeclared columns (index -1 mapped past the end) keep their relative order.
            columns.sort(Comparator.comparingInt(this::position));
            version.setAdditionalPrinterColumns(columns);
        }
    }

    private int position(CustomResourceColumnDefinition column) {
        int index = declared.indexOf(key(column.getName(), column.getJsonPath()));
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static String key(String name, String jsonPath) {
        return name + "=" + jsonPath;
    }
}
