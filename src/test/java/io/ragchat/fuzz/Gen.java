package io.ragchat.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A generator of random values, drawn from one {@link RandomGenerator}: given the same seed, the same values
 * in the same order, which is what makes a failing try replayable.
 */
@FunctionalInterface
interface Gen<T> {

    T next(RandomGenerator random);

    /** A choice with its relative weight, for {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        return random -> mapper.apply(next(random)).next(random);
    }

    /** Between {@code min} and {@code max} values of this generator. */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int size = random.nextInt(min, max + 1);
            List<T> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(next(random));
            }
            return items;
        };
    }

    /** Null (left out) with this probability, else a value of this generator. */
    default Gen<T> orNull(double probability) {
        return random -> random.nextDouble() < probability ? null : next(random);
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return random -> gens[random.nextInt(gens.length)].next(random);
    }

    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        int total = 0;
        for (Weighted<? extends T> choice : choices) {
            total += choice.weight();
        }
        int sum = total;
        return random -> {
            int pick = random.nextInt(sum);
            for (Weighted<? extends T> choice : choices) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new IllegalStateException("weights changed while drawing");
        };
    }

    /** Between {@code min} and {@code max}, both included. */
    static Gen<Integer> ints(int min, int max) {
        return random -> random.nextInt(min, max + 1);
    }

    /** Any int, the edges (0, ±1, the extremes) as often as the rest: they are where parsing breaks. */
    static Gen<Integer> anyInt() {
        return frequency(weight(1, of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE)), weight(1, ints(-1000, 1000)),
                weight(2, RandomGenerator::nextInt));
    }

    /** Between {@code min} and {@code max} characters drawn from {@code chars}. */
    static Gen<String> strings(Gen<Character> chars, int min, int max) {
        return chars.list(min, max).map(list -> {
            StringBuilder text = new StringBuilder(list.size());
            list.forEach(text::append);
            return text.toString();
        });
    }

    /** Any UTF-16 code unit: lone surrogates, controls and non-characters included. */
    static Gen<Character> anyChar() {
        return random -> (char) random.nextInt(Character.MAX_VALUE + 1);
    }

    static Gen<Character> alphaChar() {
        return of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".chars().mapToObj(c -> (char) c).toList());
    }

    static Gen<Character> digitChar() {
        return random -> (char) ('0' + random.nextInt(10));
    }

    static Gen<byte[]> bytes(int maxLength) {
        return random -> {
            byte[] bytes = new byte[random.nextInt(maxLength + 1)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    /** A version 4 UUID from the generator's bits (UUID.randomUUID would not replay). */
    static Gen<UUID> uuid() {
        return random -> new UUID((random.nextLong() & ~0xf000L) | 0x4000L,
                (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L);
    }
}
