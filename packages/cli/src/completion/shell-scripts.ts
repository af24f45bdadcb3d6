// The scripts are long literals in the shells' own syntax; `\${` is the shell's `${`.

/** SHELLS are the shells `skiff completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** Shell is one of SHELLS. */
export type Shell = (typeof SHELLS)[number];

/** ScriptOptions shape a completion script. */
export interface ScriptOptions {
  /** The program name the script completes and calls back (`skiff`). */
  bin: string;
  /** Whether zsh and fish show each candidate's description (bash never does). */
  descriptions: boolean;
}

/**
 * completionScript is the script that teaches `shell` to complete the program's command line.
 * Every script asks the program itself, `BIN __complete WORDS... CURRENT`, and reads the
 * answer described in `skiff __complete --help`; the program name typed (`./bin/skiff`) is
 * the one called back.
 */
export function completionScript(shell: Shell, options: ScriptOptions): string {
  const scripts: Record<Shell, (o: ScriptOptions) => string> = { bash, zsh, fish };
  return scripts[shell](options);
}

function bash({ bin }: ScriptOptions): string {
  return `# bash completion for ${bin}
# Load it with: source <(${bin} completion bash)

_${bin}() {
    local line cur out directive candidate prefix='' breaks=''
    local -a words=() candidates=()

    # The line is split on blanks only: bash's own words break at ':' and '=', which image
    # references and --flag=value contain.
    if [[ -n \${COMP_LINE+set} ]]; then
        line=\${COMP_LINE:0:COMP_POINT}
        read -r -a words <<< "$line"
        if [[ \${#words[@]} -eq 0 || $line == *[[:space:]] ]]; then words+=(""); fi
    else
        words=("\${COMP_WORDS[@]:0:COMP_CWORD+1}")
    fi
    cur=\${words[\${#words[@]}-1]}

    out=$("\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null) || return
    directive=\${out##*:}
    out=\${out%:*}
    (( directive & 1 )) && return

    # Bash replaces only the part of the word after its last break character.
    [[ $COMP_WORDBREAKS == *:* ]] && breaks+=':'
    [[ $COMP_WORDBREAKS == *=* ]] && breaks+='='
    if [[ -n $breaks && $cur == *["$breaks"]* ]]; then prefix=\${cur%"\${cur##*["$breaks"]}"}; fi

    while IFS= read -r candidate; do
        candidate=\${candidate%%$'\\t'*}
        [[ -n $candidate ]] && candidates+=("\${candidate#"$prefix"}")
    done <<< "$out"

    COMPREPLY=("\${candidates[@]}")
    if (( \${#candidates[@]} == 0 && (directive & 4) == 0 )); then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "\${cur#"$prefix"}")
    fi
    if (( directive & 2 )); then compopt -o nospace 2>/dev/null; fi
    return 0
}

complete -F _${bin} ${bin}
`;
}

function zsh({ bin, descriptions }: ScriptOptions): string {
  const offer = descriptions
    ? `_describe -t ${bin} '${bin}' described "\${nospace[@]}"`
    : `compadd "\${nospace[@]}" -a values`;
  return `#compdef ${bin}
# zsh completion for ${bin}
# Load it with: source <(${bin} completion zsh), or save it as _${bin} in a directory of $fpath.

_${bin}() {
    local out directive line value
    local -a lines values described nospace

    out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    (( directive & 1 )) && return 1
    (( directive & 2 )) && nospace=(-S '')

    for line in "\${(@)lines[1,-2]}"; do
        [[ -z $line ]] && continue
        value=\${line%%$'\\t'*}
        values+=("$value")
        if [[ $line == *$'\\t'* ]]; then
            described+=("\${value//:/\\\\:}:\${line#*$'\\t'}")
        else
            described+=("\${value//:/\\\\:}")
        fi
    done

    if (( \${#values} )); then
        ${offer}
    elif (( ! (directive & 4) )); then
        _files
    fi
}

if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
    _${bin} "$@"
else
    compdef _${bin} ${bin}
fi
`;
}

function fish({ bin, descriptions }: ScriptOptions): string {
  const emit = descriptions ? `printf '%s\\n' $out` : `string replace -r '\\t.*' '' -- $out`;
  return `# fish completion for ${bin}
# Load it with: ${bin} completion fish | source

function __${bin}_complete
    set -l tokens (commandline -opc)
    set -l program $tokens[1]
    set -e tokens[1]
    # Quoted, an empty current word still reaches the program as an argument.
    set -l current (commandline -ct)
    set -l out ($program __complete $tokens "$current" 2>/dev/null)
    test (count $out) -gt 0; or return

    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    test (math "bitand($directive, 1)") -eq 0; or return

    if test (count $out) -eq 0
        test (math "bitand($directive, 4)") -eq 0; and __fish_complete_path "$current"
        return
    end
    ${emit}
end

complete -c ${bin} -f -a '(__${bin}_complete)'
`;
}
