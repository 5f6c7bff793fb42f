//! The swarms' modes and shapes, as the LDtk project names them (the
//! `SwarmMode` and `SwarmShape` enums designers pick from).

/// How a nanobot swarm behaves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SwarmMode {
    #[default]
    Calm,
    Treatment,
    Malfunction,
    Recalibrating,
}

/// The figure a calm swarm traces around its emitter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SwarmShape {
    /// A slowly turning disc, evenly filled.
    #[default]
    Cloud,
    /// A band round the edge, orbiting.
    Ring,
    /// Six soft petals, turning.
    Flower,
}

/// `ALL`, `from_ldtk` and `ldtk_name` of an enum whose LDtk values are its
/// variants' names.
macro_rules! ldtk_names {
    ($name:ident: $($variant:ident),+) => {
        impl $name {
            /// Every value, in the order the LDtk enum lists them.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            pub fn from_ldtk(value: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.ldtk_name() == value)
            }

            /// The value's name in the LDtk project.
            pub fn ldtk_name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                }
            }
        }
    };
}

ldtk_names!(SwarmMode: Calm, Treatment, Malfunction, Recalibrating);
ldtk_names!(SwarmShape: Cloud, Ring, Flower);
