# Sourced by release/build.sh and web/build.sh (run from the repository's top).
#
# copy_game_files DIR: copies what the game loads at run time into DIR: the
# assets without the screenshots and the READMEs (the font is built into the
# game), the levels without the LDtk schema and the editor's backups.
copy_game_files() {
    tar -c --exclude=screenshots --exclude=fonts --exclude=README.md assets | tar -x -C "$1"
    tar -c --exclude=schema --exclude=backups --exclude=README.md levels | tar -x -C "$1"
}
