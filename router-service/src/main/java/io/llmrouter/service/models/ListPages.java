package io.llmrouter.service.models;

import io.llmrouter.api.error.Echo;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.service.config.PublicModel;
import java.math.BigDecimal;
import java.util.List;

/** Pages of a model list, cursors and page sizes: what the paged formats share. */
final class ListPages {

    private ListPages() {
    }

    /**
     * Some models of a list.
     *
     * @param models the page
     * @param more   whether the list goes on past the page, in the direction it was taken
     */
    record Page(List<PublicModel> models, boolean more) {
    }

    /** Up to {@code size} models from index {@code from} on. */
    static Page from(List<PublicModel> all, int from, int size) {
        int to = (int) Math.min(all.size(), (long) from + size);
        return new Page(all.subList(Math.min(from, to), to), to < all.size());
    }

    /** Up to {@code size} models right before index {@code before}. */
    static Page before(List<PublicModel> all, int before, int size) {
        int from = Math.max(0, before - size);
        return new Page(all.subList(from, before), from > 0);
    }

    /**
     * The index of the model {@code id} in {@code all}.
     *
     * @throws RouterException 400 naming {@code parameter} when no model of the list has that id
     */
    static int indexOf(List<PublicModel> all, String id, String parameter) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id().equals(id)) {
                return i;
            }
        }
        throw RouterException.invalidRequest(parameter + ": '" + Echo.of(id) + "' is not a model of this list");
    }

    /**
     * A whole number given as a query parameter, such as {@code 20}, or {@code 20.0} as SDKs that type it as a
     * double send it.
     *
     * @throws RouterException 400 naming {@code parameter} for anything else, or a number outside {@code min..max}
     */
    static int number(String value, String parameter, int min, int max) {
        long n;
        try {
            n = new BigDecimal(value.trim()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw RouterException.invalidRequest(parameter + " must be a whole number, got '" + Echo.of(value) + "'");
        }
        if (n < min || n > max) {
            throw RouterException.invalidRequest(parameter + " must be from " + min + " to " + max + ", got " + n);
        }
        return (int) n;
    }
}
