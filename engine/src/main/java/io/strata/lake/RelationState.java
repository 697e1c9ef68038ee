package io.strata.lake;

import java.util.Optional;

/**
 * What a branch holds of a relation, for deciding whether a model is up to date.
 *
 * @param version the version of its data: a table's current snapshot, or a view's recorded fingerprint
 * @param fingerprint the fingerprint recorded by the build that made this version, if that build recorded one
 *        and nothing changed the relation since
 */
public record RelationState(String version, Optional<String> fingerprint) {
}
